//! The recorded NVIDIA H100 trace (`data/traces/h100/`): what one real GPU did through
//! idle, training, serving and idle-while-allocated phases.
//!
//! The types here travel between server and browser; [`source`] (server only) parses
//! the recording, and [`get_trace_series`] serves one metric of it.

mod metric;
#[cfg(feature = "ssr")]
pub mod source;
mod summary;

pub use metric::{TraceMetric, UnknownMetric};
pub use summary::{PhaseSummary, summarize};

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

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

/// Returns every sample of `metric` from the recorded H100 trace.
#[server(endpoint = "trace_series")]
pub async fn get_trace_series(metric: TraceMetric) -> Result<TraceSeries, ServerFnError> {
    let trace = use_context::<std::sync::Arc<source::GpuTrace>>()
        .ok_or_else(|| ServerFnError::new("the GPU trace is not loaded on this server"))?;
    Ok(trace.series(metric))
}
