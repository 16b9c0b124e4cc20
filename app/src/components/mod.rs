//! Reusable pieces of the user interface.

#[cfg(feature = "hydrate")]
mod echarts;
mod line_chart;

pub use line_chart::{LineChart, LineChartData, LineSeries, line_chart_option};
