//! A workload's metrics as the server draws them for the page.

use serde::{Deserialize, Serialize};

use runai::model::Timestamp;

pub use crate::metric_series::ChartPanel;

/// A workload's metrics over `[start, end]` as the server draws them, and what could
/// not be produced. Charts travel as ECharts options, not as series, so the browser
/// builds nothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricsCharts {
    /// Every chart with data, GPU first, NIM last.
    pub panels: Vec<ChartPanel>,
    /// How many GPUs are measured (one series each).
    pub gpus: usize,
    /// The latest latency histograms (inference only).
    pub histograms: Vec<LatencyHistogram>,
    /// Metric types the control plane could not produce (its 207).
    pub missing: Vec<String>,
    pub start: Timestamp,
    pub end: Timestamp,
    /// When the upstream answered.
    pub fetched_at: Timestamp,
    /// Running with GPUs: what they are doing, as the dashboard last checked.
    pub gpu_state: Option<GpuStateNote>,
}

/// A running workload's GPU state as the page says it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GpuStateNote {
    /// "stalled (7 of 8 GPUs)", "busy", …
    pub label: String,
    /// When it became so (stalled, never used, idle).
    pub since: Option<Timestamp>,
    /// Stalled or never used: GPUs held while doing nothing.
    pub wastes_gpus: bool,
}

/// The latest sample of a latency histogram: `(≤ seconds, requests)` rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LatencyHistogram {
    pub title: String,
    pub rows: Vec<(String, String)>,
}

impl MetricsCharts {
    /// When these metrics were fetched, as the page shows it.
    pub fn updated(&self) -> String {
        crate::format::format_time_of_day(self.fetched_at)
    }
}
