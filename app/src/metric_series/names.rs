//! What each of Run:ai's metric types is called where people read it.

use runai::model::MetricType;

/// What a metric type is called where people read it; a type Run:ai adds later keeps
/// its own name.
pub fn metric_name(metric: &MetricType) -> String {
    use MetricType as M;
    match metric {
        M::GpuUtilization => "GPU utilization",
        M::GpuMemoryUsageBytes => "GPU memory used",
        M::GpuMemoryRequestBytes => "GPU memory requested",
        M::CpuUsageCores => "CPU cores used",
        M::CpuRequestCores => "CPU cores requested",
        M::CpuLimitCores => "CPU core limit",
        M::CpuMemoryUsageBytes => "CPU memory used",
        M::CpuMemoryRequestBytes => "CPU memory requested",
        M::CpuMemoryLimitBytes => "CPU memory limit",
        M::PodCount => "Pods",
        M::RunningPodCount => "Running pods",
        M::GpuAllocation => "GPUs allocated",
        M::NimNumRequestsRunning => "Inference requests running",
        M::NimNumRequestsWaiting => "Inference requests waiting",
        M::NimNumRequestMax => "Inference requests at most",
        M::NimRequestSuccessTotal => "Inference requests succeeded",
        M::NimRequestFailureTotal => "Inference requests failed",
        M::NimGpuCacheUsagePerc => "Inference KV-cache usage",
        M::NimTimeToFirstTokenSeconds => "Inference time to first token",
        M::NimE2eRequestLatencySeconds => "Inference end-to-end latency",
        M::NimTimeToFirstTokenSecondsPercentiles => "Inference time to first token (percentiles)",
        M::NimE2eRequestLatencySecondsPercentiles => "Inference end-to-end latency (percentiles)",
        M::NvlinkBandwidthTotal => "NVLink bandwidth",
        M::Other(word) => return word.clone(),
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_metric_type_has_a_name_people_read_and_a_new_one_keeps_its_own() {
        let names: std::collections::HashSet<String> =
            MetricType::KNOWN.iter().map(metric_name).collect();
        assert_eq!(names.len(), MetricType::KNOWN.len(), "no two share a name");
        for metric in MetricType::KNOWN {
            let name = metric_name(metric);
            assert!(!name.contains('_'), "{name}");
            assert_ne!(name, metric.as_str());
        }
        let new: MetricType = serde_json::from_value(json!("GPU_SM_CLOCK")).unwrap();
        assert_eq!(metric_name(&new), "GPU_SM_CLOCK");
    }
}
