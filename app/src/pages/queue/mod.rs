//! `/queue`: per node pool, its pending workloads in the scheduler's order, each with
//! its position, reason and likely start (as its own page's queue panel says them), what
//! the pool's GPUs are doing, and the running workloads most likely to free some next.

pub mod data;
#[cfg(feature = "ssr")]
pub mod export;
mod page;
pub mod view;

pub use page::QueuePage;

/// The page's download, routed by the server (server only).
#[cfg(feature = "ssr")]
pub fn download_routes() -> axum::Router<super::Downloads> {
    axum::Router::new().route("/export/queue.csv", axum::routing::get(export::queue_csv))
}
