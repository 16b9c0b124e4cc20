//! `/workloads/{id}`: everything about one workload, with its charts on one time range;
//! for a pending one, its place in the queue.

#[cfg(feature = "ssr")]
pub mod charts;
pub mod data;
pub mod drawn;
#[cfg(feature = "ssr")]
pub mod export;
mod fact;
mod page;
pub mod queue_data;
mod queue_panel;
mod range_bar;
mod sections;
pub mod view;
mod why_pending;

pub use crate::metric_series::range;
pub use page::WorkloadPage;

/// The page's download, routed by the server (server only).
#[cfg(feature = "ssr")]
pub fn download_routes() -> axum::Router<super::Downloads> {
    axum::Router::new().route(
        "/export/workloads/{id}/metrics.csv",
        axum::routing::get(export::metrics_csv),
    )
}
