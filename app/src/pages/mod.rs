//! One module a route.

mod not_found;
mod trace_page;
pub mod workload;
pub mod workloads;

pub use not_found::NotFound;
pub use trace_page::TracePage;
pub use workload::WorkloadPage;
pub use workloads::WorkloadsPage;
