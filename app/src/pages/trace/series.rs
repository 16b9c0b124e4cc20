//! The page's data: one metric of the recording over time, and the server function that
//! serves it from the [`RecordedTrace`] the server provides in demo mode.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::metric::TraceMetric;
use crate::error::AppError;

/// One sample of one metric.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TracePoint {
    /// Seconds since the recording started.
    pub t_s: f64,
    /// Index into [`TraceSeries::phases`].
    pub phase: u8,
    /// The metric's value, in the unit of [`TraceMetric::unit`].
    pub value: f64,
}

/// Every sample of one metric over the whole recording.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceSeries {
    /// Which metric the values are.
    pub metric: TraceMetric,
    /// The GPU the trace was recorded on, e.g. "NVIDIA H100 80GB HBM3".
    pub device: String,
    /// Phase names in the order they first appear (`idle`, `train`, …).
    pub phases: Vec<String>,
    /// The samples, in time order.
    pub points: Vec<TracePoint>,
}

/// The recording, one series per metric (server only; provided as context in demo
/// mode, where the simulator that replays it runs).
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, Default)]
pub struct RecordedTrace {
    /// One series per metric, in any order.
    pub series: Vec<TraceSeries>,
}

/// Returns every sample of `metric` from the recorded H100 trace.
#[server(endpoint = "trace_series")]
pub async fn get_trace_series(metric: TraceMetric) -> Result<TraceSeries, AppError> {
    use_context::<std::sync::Arc<RecordedTrace>>()
        .and_then(|trace| trace.series.iter().find(|s| s.metric == metric).cloned())
        .ok_or_else(|| AppError::unavailable("the recorded trace is shown in demo mode only"))
}
