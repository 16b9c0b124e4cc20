//! Chart panels from a metrics answer: which series go together, in which unit (server
//! only: the browser receives the charts drawn).

use super::drawn::LatencyHistogram;
use crate::{
    components::{FAILED, LineChartData, LineSeries, SUCCEEDED},
    format::Unit,
    metric_series::{GpuLines, gpu_lines, per_gpu, percentiles, rate, single},
};
use runai::model::{MetricType, MetricsResponse};

/// One chart: a title, and what it draws.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    pub title: &'static str,
    pub data: LineChartData,
}

fn panel(title: &'static str, unit: Unit, series: Vec<LineSeries>) -> Option<Panel> {
    let series: Vec<LineSeries> = series
        .into_iter()
        .filter(|s| !s.points.is_empty())
        .collect();
    (!series.is_empty()).then(|| Panel {
        title,
        data: LineChartData {
            x_name: String::new(),
            x_time: true,
            x_max: None,
            y_unit: unit,
            series,
        },
    })
}

/// Every panel the answer has data for, GPU first, NIM last; per-GPU metrics drawn as
/// `gpus` says.
pub fn panels(data: &MetricsResponse, gpus: GpuLines) -> Vec<Panel> {
    use MetricType as M;
    let utilization = gpu_lines(per_gpu(data, &M::GpuUtilization, ""), gpus, "");
    let mut memory = gpu_lines(
        per_gpu(data, &M::GpuMemoryUsageBytes, "Used "),
        gpus,
        "Used: ",
    );
    memory.extend(
        per_gpu(data, &M::GpuMemoryRequestBytes, "Requested ")
            .into_iter()
            .take(1),
    );
    let kv_cache = single(data, &M::NimGpuCacheUsagePerc, "KV cache").map(|mut s| {
        s.points.iter_mut().for_each(|p| p.1 *= 100.0);
        s
    });
    [
        panel("GPU utilization", Unit::Percent, utilization),
        panel("GPU memory", Unit::Bytes, memory),
        panel(
            "GPU allocation",
            Unit::Count,
            single(data, &M::GpuAllocation, "Allocated GPUs")
                .into_iter()
                .collect(),
        ),
        panel(
            "NVLink bandwidth",
            Unit::BytesPerSecond,
            gpu_lines(per_gpu(data, &M::NvlinkBandwidthTotal, ""), gpus, ""),
        ),
        panel(
            "CPU",
            Unit::Cores,
            [
                single(data, &M::CpuUsageCores, "Used"),
                single(data, &M::CpuRequestCores, "Requested"),
                single(data, &M::CpuLimitCores, "Limit"),
            ]
            .into_iter()
            .flatten()
            .collect(),
        ),
        panel(
            "CPU memory",
            Unit::Bytes,
            [
                single(data, &M::CpuMemoryUsageBytes, "Used"),
                single(data, &M::CpuMemoryRequestBytes, "Requested"),
                single(data, &M::CpuMemoryLimitBytes, "Limit"),
            ]
            .into_iter()
            .flatten()
            .collect(),
        ),
        panel(
            "Pods",
            Unit::Count,
            [
                single(data, &M::PodCount, "Pods"),
                single(data, &M::RunningPodCount, "Running"),
            ]
            .into_iter()
            .flatten()
            .collect(),
        ),
        panel(
            "Inference requests",
            Unit::Count,
            [
                single(data, &M::NimNumRequestsRunning, "Running"),
                single(data, &M::NimNumRequestsWaiting, "Waiting"),
                single(data, &M::NimNumRequestMax, "Max"),
            ]
            .into_iter()
            .flatten()
            .collect(),
        ),
        panel(
            "Request outcomes",
            Unit::PerSecond,
            [
                single(data, &M::NimRequestSuccessTotal, "Succeeded").map(|s| LineSeries {
                    colour: Some(SUCCEEDED),
                    ..s
                }),
                single(data, &M::NimRequestFailureTotal, "Failed").map(|s| LineSeries {
                    colour: Some(FAILED),
                    ..s
                }),
            ]
            .into_iter()
            .flatten()
            .map(rate)
            .collect(),
        ),
        panel(
            "KV-cache usage",
            Unit::Percent,
            kv_cache.into_iter().collect(),
        ),
        panel(
            "Time to first token",
            Unit::Seconds,
            percentiles(data, &M::NimTimeToFirstTokenSecondsPercentiles),
        ),
        panel(
            "End-to-end latency",
            Unit::Seconds,
            percentiles(data, &M::NimE2eRequestLatencySecondsPercentiles),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The latest latency histograms with data: time to first token, end-to-end latency.
pub fn latest_histograms(data: &MetricsResponse) -> Vec<LatencyHistogram> {
    [
        (
            "Time to first token",
            MetricType::NimTimeToFirstTokenSeconds,
        ),
        (
            "End-to-end latency",
            MetricType::NimE2eRequestLatencySeconds,
        ),
    ]
    .into_iter()
    .map(|(title, metric)| LatencyHistogram {
        title: title.to_owned(),
        rows: latest_buckets(data, &metric),
    })
    .filter(|histogram| !histogram.rows.is_empty())
    .collect()
}

/// The latest cumulative buckets of a histogram type, `(upper bound, count)`.
fn latest_buckets(data: &MetricsResponse, metric: &MetricType) -> Vec<(String, String)> {
    let Some(series) = data
        .histogram
        .as_ref()
        .and_then(|h| h.iter().find(|s| &s.type_ == metric))
    else {
        return vec![];
    };
    let Some(last) = series.values.last() else {
        return vec![];
    };
    let mut buckets: Vec<(String, String)> = last.data.clone().into_iter().collect();
    buckets.sort_by(|a, b| {
        let bound = |s: &str| {
            if s == "+Inf" {
                f64::INFINITY
            } else {
                s.parse().unwrap_or(f64::INFINITY)
            }
        };
        bound(&a.0).total_cmp(&bound(&b.0))
    });
    buckets
}

#[cfg(test)]
#[path = "charts_tests.rs"]
mod tests;
