//! `/overview`: the cluster at a glance, from the count, list and telemetry endpoints.

pub mod data;
mod page;
pub mod telemetry_chart;
pub mod view;

pub use page::OverviewPage;
