//! The metrics endpoint's answer (`MetricsCompositeResponse`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Maybe, MetricType, Timestamp};

/// Time series and histograms of one workload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricsResponse {
    pub measurements: Vec<Measurement>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub histogram: Maybe<Vec<HistogramSeries>>,
}

/// One series: a metric type, optionally per GPU (`labels: {"gpu": "0"}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    #[serde(rename = "type")]
    pub type_: MetricType,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub labels: Maybe<BTreeMap<String, String>>,
    /// Required but nullable in the spec.
    pub values: Option<Vec<MeasurementValue>>,
}

/// One sample; the value is a decimal string.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasurementValue {
    pub value: String,
    /// Required but nullable in the spec.
    pub timestamp: Option<Timestamp>,
}

impl MeasurementValue {
    /// The value as a number; `None` for `NaN`-like or empty strings.
    pub fn number(&self) -> Option<f64> {
        self.value.parse::<f64>().ok().filter(|v| v.is_finite())
    }
}

/// Percentiles (`p50`, `p90`, `p99`) or cumulative buckets (`"0.001"` … `"+Inf"`) over time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistogramSeries {
    #[serde(rename = "type")]
    pub type_: MetricType,
    pub values: Vec<HistogramValue>,
}

/// One histogram sample.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistogramValue {
    /// Required but nullable in the spec.
    pub timestamp: Option<Timestamp>,
    pub data: BTreeMap<String, String>,
}
