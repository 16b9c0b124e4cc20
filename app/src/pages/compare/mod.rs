//! `/compare?ids=…`: two to four workloads side by side, their times lined up by start
//! or on the clock, one chart per metric with a line per workload over one shared
//! window, each one's numbers, and the facts that differ.

pub mod answer;
#[cfg(feature = "ssr")]
mod build;
mod chooser;
pub mod data;
#[cfg(feature = "ssr")]
mod export;
#[cfg(feature = "ssr")]
mod facts;
mod page;
#[cfg(feature = "ssr")]
mod read;
#[cfg(all(test, feature = "ssr"))]
mod sample;
mod sections;
#[cfg(feature = "ssr")]
mod series;
mod tables;
pub mod view;

pub use page::ComparePage;

/// The page's download, routed by the server (server only).
#[cfg(feature = "ssr")]
pub fn download_routes() -> axum::Router<super::Downloads> {
    axum::Router::new().route(
        "/export/compare.csv",
        axum::routing::get(export::compare_csv),
    )
}
