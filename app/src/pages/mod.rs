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

/// Every page's download (server only): each page declares its own route beside its
/// view; the server mounts this one list.
#[cfg(feature = "ssr")]
pub fn download_routes<S>() -> axum::Router<S>
where
    S: Clone + Send + Sync + 'static,
    crate::upstream::Upstream: axum::extract::FromRef<S>,
    crate::download::ExportSlots: axum::extract::FromRef<S>,
    ledger::data::source::LedgerSource: axum::extract::FromRef<S>,
{
    axum::Router::new()
        .merge(workloads::download_routes())
        .merge(workload::download_routes())
        .merge(overview::download_routes())
        .merge(ledger::download_routes())
}
