//! Every schema of the Run:ai 2.23 Workloads API, with the spec's JSON names.

mod enums;
mod maybe;
mod metrics;
mod quantity;
mod telemetry;
mod time;
mod workload;

pub use enums::{
    AuthorizationType, GpuRequestType, MetricType, MigProfile, OrgType, Phase, PhaseReason,
    ReplicaType, Source, SourceApi, TelemetryType,
};
pub use maybe::Maybe;
pub use metrics::{
    HistogramSeries, HistogramValue, Measurement, MeasurementValue, MetricsResponse,
};
pub use quantity::parse_quantity;
pub use telemetry::{TelemetryGroup, TelemetryResponse, TelemetryValue};
pub use time::{Timestamp, TimestampError};
pub use workload::{
    ActionsSupport, AllocatedResources, Condition, Connection, Datasource, Environment, ErrorBody,
    ExtendedResource, PendingSchedulingMessage, RequestResourceCores, RequestResourceQuantity,
    RequestResources, RequestedPods, Workload, WorkloadCount, WorkloadDetailed, WorkloadList,
};

#[cfg(test)]
mod tests;
