//! `/trace` (demo mode): the simulator's recorded NVIDIA H100 trace, one metric at a
//! time. What one real GPU did through idle, training, serving and idle-while-allocated
//! phases: the input the simulator's metrics replay. It is not in the navigation; the
//! embedded simulator's address and live counts are shown here for demo users.

mod cluster_summary;
mod metric;
mod page;
mod series;
mod summary;

pub use cluster_summary::{ClusterCounts, ClusterSummary, get_cluster_summary};
pub use metric::{TraceMetric, UnknownMetric};
pub use page::TracePage;
#[cfg(feature = "ssr")]
pub use series::RecordedTrace;
pub use series::{TracePoint, TraceSeries, get_trace_series};
pub use summary::{PhaseSummary, summarize};
