//! One module a route.

pub mod ledger;
pub mod login;
mod not_found;
pub mod overview;
pub mod trace;
pub mod workload;
pub mod workloads;

pub use ledger::LedgerPage;
pub use login::LoginPage;
pub use not_found::NotFound;
pub use overview::OverviewPage;
pub use trace::TracePage;
pub use workload::WorkloadPage;
pub use workloads::WorkloadsPage;
