//! `/overview`: the cluster at a glance, from the count, list and telemetry endpoints.

mod attention;
pub mod data;
pub mod drawn;
#[cfg(feature = "ssr")]
pub mod export;
mod page;
#[cfg(feature = "ssr")]
pub mod telemetry_chart;
pub mod view;

pub use page::OverviewPage;

/// The page's download, routed by the server (server only).
#[cfg(feature = "ssr")]
pub fn download_routes() -> axum::Router<super::Downloads> {
    axum::Router::new().route(
        "/export/telemetry.csv",
        axum::routing::get(export::telemetry_csv),
    )
}
