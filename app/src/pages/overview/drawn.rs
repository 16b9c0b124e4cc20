//! Telemetry as the server draws it for the page: what each type is called, its chart
//! and its rows.

use serde::{Deserialize, Serialize};

use runai::model::TelemetryType;

use crate::components::EchartsOption;

/// What a telemetry type is called on the page.
pub fn telemetry_title(kind: &TelemetryType) -> &'static str {
    match kind {
        TelemetryType::WorkloadsCount => "Workloads",
        TelemetryType::GpuAllocation => "Allocated GPUs",
        _ => "Count",
    }
}

/// One row of a telemetry table: the group labels, the number and its table link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TelemetryRow {
    pub labels: Vec<String>,
    pub value: f64,
    pub href: String,
}

/// Which table link a clicked `(name, series name)` opens.
pub type ClickLinks = Vec<((String, String), String)>;

/// A telemetry answer as the server draws it: the chart, the table link behind each of
/// its segments, and the same numbers as rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DrawnTelemetry {
    pub option: EchartsOption,
    pub links: ClickLinks,
    pub rows: Vec<TelemetryRow>,
}
