//! One module a route.

pub mod alerts;
pub mod compare;
pub mod digest;
pub mod failures;
pub mod ledger;
pub mod login;
mod not_found;
pub mod overview;
pub mod queue;
pub mod workload;
pub mod workloads;

pub use alerts::AlertsPage;
pub use compare::ComparePage;
pub use digest::DigestPage;
pub use failures::FailuresPage;
pub use ledger::LedgerPage;
pub use login::LoginPage;
pub use not_found::NotFound;
pub use overview::OverviewPage;
pub use queue::QueuePage;
pub use workload::WorkloadPage;
pub use workloads::WorkloadsPage;

/// What the pages' downloads read (server only; the server provides it).
#[cfg(feature = "ssr")]
#[derive(Clone, axum::extract::FromRef)]
pub struct Downloads {
    /// The Run:ai client.
    pub upstream: crate::upstream::Upstream,
    /// The downloads running per session.
    pub exports: crate::download::ExportSlots,
    /// The GPU waste ledger.
    pub ledger: ledger::LedgerSource,
    /// What running workloads' GPUs are doing.
    pub gpu_states: crate::gpu_states::source::GpuStatesSource,
    /// The key that counts the queued workloads a viewer cannot see.
    pub hidden: crate::queue::reads::HiddenCounter,
}

/// Every page's download (server only): each page declares its own route beside its
/// view; the server mounts this one list.
#[cfg(feature = "ssr")]
pub fn download_routes<S>(downloads: Downloads) -> axum::Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    axum::Router::new()
        .merge(workloads::download_routes())
        .merge(workload::download_routes())
        .merge(compare::download_routes())
        .merge(overview::download_routes())
        .merge(ledger::download_routes())
        .merge(queue::download_routes())
        .with_state(downloads)
}
