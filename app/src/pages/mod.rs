//! One module a route.

pub mod login;
mod not_found;
pub mod overview;
mod trace_page;
pub mod workload;
pub mod workloads;

pub use login::LoginPage;
pub use not_found::NotFound;
pub use overview::OverviewPage;
pub use trace_page::TracePage;
pub use workload::WorkloadPage;
pub use workloads::WorkloadsPage;
