//! The telemetry endpoint's answer (`TelemetryResponse`).

use serde::{Deserialize, Serialize};

use super::Timestamp;

/// Counts or GPU allocation, optionally grouped by up to two keys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TelemetryResponse {
    /// The telemetry type asked for, e.g. `WORKLOADS_COUNT`.
    #[serde(rename = "type")]
    pub type_: String,
    pub timestamp: Timestamp,
    pub values: Vec<TelemetryValue>,
}

/// One number and the groups it belongs to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TelemetryValue {
    /// The number, as a string.
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<TelemetryGroup>>,
}

/// One grouping key's value, with a display name where the control plane has one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TelemetryGroup {
    /// The groupBy key, e.g. `DepartmentId`.
    pub key: String,
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}
