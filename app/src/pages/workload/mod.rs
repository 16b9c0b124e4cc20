//! `/workloads/{id}`: everything about one workload, with its charts on one time range;
//! for a pending one, its place in the queue.

pub mod charts;
pub mod data;
mod page;
pub mod queue_data;
mod queue_panel;
pub mod range;
mod range_bar;
mod sections;

pub use page::WorkloadPage;
