//! One module a route.

mod not_found;
mod trace_page;
pub mod workloads;

pub use not_found::NotFound;
pub use trace_page::TracePage;
pub use workloads::WorkloadsPage;
