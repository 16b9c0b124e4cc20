use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

use crate::format::Unit;

/// A metric of the recorded trace that the dashboard can chart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TraceMetric {
    /// GPU utilization, percent 0–100.
    #[default]
    GpuUtilization,
    /// GPU memory in use, bytes.
    GpuMemory,
    /// Board power draw, watts.
    Power,
    /// CPU cores busy in the recording process.
    CpuCores,
}

impl TraceMetric {
    /// Every metric, in the order the picker shows them.
    pub const ALL: [TraceMetric; 4] = [
        TraceMetric::GpuUtilization,
        TraceMetric::GpuMemory,
        TraceMetric::Power,
        TraceMetric::CpuCores,
    ];

    /// The word used in URLs (`?metric=…`) and server-function arguments.
    pub fn as_str(self) -> &'static str {
        match self {
            TraceMetric::GpuUtilization => "gpu_utilization",
            TraceMetric::GpuMemory => "gpu_memory",
            TraceMetric::Power => "power",
            TraceMetric::CpuCores => "cpu_cores",
        }
    }

    /// What a person reads.
    pub fn label(self) -> &'static str {
        match self {
            TraceMetric::GpuUtilization => "GPU utilization",
            TraceMetric::GpuMemory => "GPU memory",
            TraceMetric::Power => "Power",
            TraceMetric::CpuCores => "CPU",
        }
    }

    /// The unit the values are in.
    pub fn unit(self) -> Unit {
        match self {
            TraceMetric::GpuUtilization => Unit::Percent,
            TraceMetric::GpuMemory => Unit::Bytes,
            TraceMetric::Power => Unit::Watts,
            TraceMetric::CpuCores => Unit::Cores,
        }
    }
}

impl fmt::Display for TraceMetric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A `metric` word that names no [`TraceMetric`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown metric “{0}”: choose one of gpu_utilization, gpu_memory, power, cpu_cores")]
pub struct UnknownMetric(pub String);

impl FromStr for TraceMetric {
    type Err = UnknownMetric;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TraceMetric::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| UnknownMetric(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_words_round_trip_and_match_serde() {
        for metric in TraceMetric::ALL {
            assert_eq!(metric.as_str().parse::<TraceMetric>(), Ok(metric));
            let json = serde_json::to_string(&metric).unwrap();
            assert_eq!(json, format!("\"{}\"", metric.as_str()));
        }
    }

    #[test]
    fn unknown_words_are_refused_with_the_choices() {
        let err = "gpu".parse::<TraceMetric>().unwrap_err();
        assert!(err.to_string().contains("unknown metric “gpu”"));
        assert!(err.to_string().contains("cpu_cores"));
    }
}
