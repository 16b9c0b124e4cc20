//! Reusable pieces of the user interface.

mod chart;
mod cluster_summary;
#[cfg(feature = "hydrate")]
mod echarts;
mod error_note;
mod line_chart;
mod retry_by_reloading;
mod use_load_health;
mod use_page_url;
mod use_refresh_ticks;

pub use chart::Chart;
pub use cluster_summary::ClusterSummary;
pub use error_note::{ErrorNote, StaleNote, error_message};
pub use line_chart::{LineChart, LineChartData, LineSeries, line_chart_option};
pub use retry_by_reloading::RetryByReloading;
pub use use_load_health::{LoadHealth, RETRY_MS, retry_seconds, use_load_health};
pub use use_page_url::{PageUrl, mark_hydrated, page_query, provide_page_url, use_page_url};
pub use use_refresh_ticks::use_refresh_ticks;
