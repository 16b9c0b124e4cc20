//! `/workloads/{id}`: everything about one workload, with its charts on one time range.

pub mod charts;
pub mod data;
mod page;
pub mod range;
mod range_bar;
mod sections;

pub use page::WorkloadPage;
