//! `/workloads`: the filterable, sortable, shareable workload table. Its whole state
//! is the URL ([`view::WorkloadsView`]); its data comes from one server function
//! ([`data::get_workloads_page`]).

pub mod columns;
mod compare_pick;
#[cfg(feature = "hydrate")]
mod controls;
pub mod data;
#[cfg(feature = "ssr")]
pub mod export;
mod field_words;
mod filter_bar;
mod filter_builder;
#[cfg(feature = "ssr")]
mod narrowing;
mod page;
pub mod row;
mod seen;
pub mod table;
mod toolbar;
pub mod view;

pub use page::{WorkloadsLive, WorkloadsPage};

/// The page's download, routed by the server (server only).
#[cfg(feature = "ssr")]
pub fn download_routes() -> axum::Router<super::Downloads> {
    axum::Router::new().route(
        "/export/workloads.csv",
        axum::routing::get(export::workloads_csv),
    )
}
