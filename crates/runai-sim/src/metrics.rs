//! Metrics of one workload, replayed from the real H100 recording at the trace time
//! each instant maps to (the simulator's `activity` module: the phase it plays, its rests
//! and hangs).

use std::collections::BTreeMap;

use runai::{
    csv::CsvWriter,
    model::{
        HistogramSeries, HistogramValue, Maybe, Measurement, MeasurementValue, MetricType,
        MetricsResponse, Timestamp,
    },
    query::MetricsQuery,
};

use super::{
    activity::{Moment, moment},
    generate::{GpuAsk, SimWorkload},
    latency::{buckets, percentiles},
    lifecycle,
    materialize::gpu_memory,
    org::Org,
    trace::{self, Request, trace},
};

fn number(value: f64) -> String {
    let rounded = (value * 1000.0).round() / 1000.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        rounded.to_string()
    }
}

/// The evenly spaced sample instants of a query.
fn instants(query: &MetricsQuery) -> Vec<i64> {
    let (start, end) = (query.start.unix_millis(), query.end.unix_millis());
    match query.number_of_samples.unwrap_or(20) {
        0 => vec![],
        1 => vec![end],
        n => (0..n)
            .map(|i| start + (end - start) * i64::from(i) / i64::from(n - 1))
            .collect(),
    }
}

/// Per-GPU series have one measurement per device.
fn per_gpu(metric: &MetricType) -> bool {
    matches!(
        metric,
        MetricType::GpuUtilization
            | MetricType::GpuMemoryUsageBytes
            | MetricType::GpuMemoryRequestBytes
            | MetricType::NvlinkBandwidthTotal
    )
}

/// Metrics for `query`, and the asked-for types this workload cannot produce
/// (NIM types for non-inference workloads, limits that were never set).
pub fn metrics(
    w: &SimWorkload,
    org: &Org,
    query: &MetricsQuery,
) -> (MetricsResponse, Vec<MetricType>) {
    let trace = trace();
    let pool_memory = gpu_memory(w, org);
    let gpus_total = w.gpus(pool_memory);
    let devices = match w.gpu {
        GpuAsk::None => 0,
        GpuAsk::Whole(n) => n as usize * w.pods as usize,
        _ => w.pods as usize,
    };
    let share = match w.gpu {
        GpuAsk::Portion(p) => p,
        GpuAsk::Memory(bytes) => (bytes / pool_memory).min(1.0),
        _ => 1.0,
    };
    let pods = f64::from(w.pods);
    // Every sample instant at which the workload holds its resources: what it is doing
    // then, or `None` while it initializes (GPUs allocated, nothing running on them yet).
    let active: Vec<(i64, Option<Moment>)> = instants(query)
        .into_iter()
        .filter_map(|at| {
            let st = lifecycle::status(w, at)?;
            // A deleted workload holds nothing from its deletion on.
            if !st.is_active() || st.deleted_ms.is_some_and(|deleted| deleted <= at) {
                return None;
            }
            let running = st.started_ms.filter(|_| st.running_pods(w) > 0);
            Some((at, running.map(|started| moment(w, started, at, devices))))
        })
        .collect();
    let running = || active.iter().filter_map(|(at, m)| Some((*at, m.as_ref()?)));

    let mut measurements = Vec::new();
    let mut histogram = Vec::new();
    let mut missing = Vec::new();
    for metric in &query.metric_type {
        let producible = match metric {
            m if m.is_nim() => w.kind.inference,
            MetricType::CpuLimitCores => w.cpu_limit.is_some(),
            MetricType::CpuMemoryLimitBytes => w.memory_limit.is_some(),
            m if per_gpu(m) || *m == MetricType::GpuAllocation => devices > 0,
            _ => true,
        };
        if !producible {
            missing.push(metric.clone());
            continue;
        }
        if metric.is_histogram() || metric.is_percentiles() {
            let latency = |r: &Request| {
                if matches!(
                    metric,
                    MetricType::NimTimeToFirstTokenSeconds
                        | MetricType::NimTimeToFirstTokenSecondsPercentiles
                ) {
                    r.ttft
                } else {
                    r.e2e
                }
            };
            let values = running()
                .map(|(at, m)| HistogramValue {
                    timestamp: Timestamp::from_unix_millis(at),
                    data: if metric.is_percentiles() {
                        percentiles(m, latency)
                    } else {
                        buckets(m, latency)
                    }
                    .into_iter()
                    .map(|(key, value)| (key, number(value)))
                    .collect(),
                })
                // No requests in the window (a lull, or an idle service): no sample.
                .filter(|v| !v.data.is_empty())
                .collect();
            histogram.push(HistogramSeries {
                type_: metric.clone(),
                values,
            });
            continue;
        }
        let series_count = if per_gpu(metric) { devices } else { 1 };
        for g in 0..series_count {
            let values = active
                .iter()
                .filter_map(|(at, m)| {
                    let Some(m) = m else {
                        let value = initializing(metric, gpus_total, pool_memory * share, w)?;
                        return Some(MeasurementValue {
                            value: number(value),
                            timestamp: Timestamp::from_unix_millis(*at),
                        });
                    };
                    let t = m.trace_t[g.min(m.trace_t.len() - 1)];
                    let gpu = trace::at(&trace.gpu, t, |s| s.t);
                    let serving = trace::at(&trace.serving, t, |s| s.t);
                    let last = trace.serving[trace.serving.len() - 1];
                    let value = match metric {
                        MetricType::GpuUtilization => gpu.util,
                        MetricType::GpuMemoryUsageBytes => {
                            gpu.mem_used / gpu.mem_total * pool_memory * share
                        }
                        MetricType::GpuMemoryRequestBytes => pool_memory * share,
                        MetricType::CpuUsageCores => {
                            gpu.cpu_cores / trace.max_cpu_cores * w.cpu_request * 0.9 * pods
                        }
                        MetricType::CpuRequestCores => w.cpu_request * pods,
                        MetricType::CpuLimitCores => w.cpu_limit.unwrap_or_default() * pods,
                        MetricType::CpuMemoryUsageBytes => {
                            gpu.cpu_rss / trace.max_cpu_rss * w.memory_request * 0.7 * pods
                        }
                        MetricType::CpuMemoryRequestBytes => w.memory_request * pods,
                        MetricType::CpuMemoryLimitBytes => {
                            w.memory_limit.unwrap_or_default() * pods
                        }
                        MetricType::PodCount | MetricType::RunningPodCount => pods,
                        MetricType::GpuAllocation => gpus_total,
                        // A single GPU has no NVLink peer (the trace reads 0); multi-GPU
                        // workloads replay the trace's PCIe traffic shape, scaled up.
                        MetricType::NvlinkBandwidthTotal if devices > 1 => {
                            gpu.pcie_bytes_per_s * 40.0
                        }
                        MetricType::NvlinkBandwidthTotal => 0.0,
                        MetricType::NimNumRequestsRunning => serving.running,
                        MetricType::NimNumRequestsWaiting => serving.waiting,
                        MetricType::NimNumRequestMax => 16.0,
                        MetricType::NimRequestSuccessTotal => {
                            m.loops * last.success + serving.success
                        }
                        MetricType::NimRequestFailureTotal => {
                            m.loops * last.failure + serving.failure
                        }
                        MetricType::NimGpuCacheUsagePerc => serving.kv_cache,
                        _ => 0.0,
                    };
                    Some(MeasurementValue {
                        value: number(value),
                        timestamp: Timestamp::from_unix_millis(*at),
                    })
                })
                .collect();
            measurements.push(Measurement {
                type_: metric.clone(),
                labels: if per_gpu(metric) {
                    Maybe::Value(BTreeMap::from([("gpu".to_owned(), g.to_string())]))
                } else {
                    Maybe::Null
                },
                values: Some(values),
            });
        }
    }
    let histogram = if histogram.is_empty() {
        Maybe::Absent
    } else {
        Maybe::Value(histogram)
    };
    (
        MetricsResponse {
            measurements,
            histogram,
        },
        missing,
    )
}

/// A metric's value while the workload initializes: its GPUs and requests are held,
/// nothing runs on them yet; inference counters have nothing to say (`None`).
fn initializing(metric: &MetricType, gpus: f64, gpu_memory: f64, w: &SimWorkload) -> Option<f64> {
    let pods = f64::from(w.pods);
    Some(match metric {
        MetricType::GpuAllocation => gpus,
        MetricType::GpuMemoryRequestBytes => gpu_memory,
        MetricType::CpuRequestCores => w.cpu_request * pods,
        MetricType::CpuLimitCores => w.cpu_limit.unwrap_or_default() * pods,
        MetricType::CpuMemoryRequestBytes => w.memory_request * pods,
        MetricType::CpuMemoryLimitBytes => w.memory_limit.unwrap_or_default() * pods,
        MetricType::PodCount => pods,
        m if m.is_nim() => return None,
        _ => 0.0,
    })
}

/// The same answer as CSV: `timestamp,type,gpu,value`, then histogram rows as
/// `timestamp,type,bucket,value`.
pub fn to_csv(response: &MetricsResponse) -> String {
    let mut csv = CsvWriter::verbatim();
    csv.row(["timestamp", "type", "gpu", "value"]);
    for m in &response.measurements {
        let gpu = m
            .labels
            .as_ref()
            .and_then(|l| l.get("gpu").cloned())
            .unwrap_or_default();
        for v in m.values.iter().flatten() {
            let at = v.timestamp.map(|t| t.to_string()).unwrap_or_default();
            csv.row([at, m.type_.to_string(), gpu.clone(), v.value.clone()]);
        }
    }
    for series in response.histogram.as_ref().into_iter().flatten() {
        for v in &series.values {
            let at = v.timestamp.map(|t| t.to_string()).unwrap_or_default();
            for (bucket, value) in &v.data {
                csv.row([
                    at.clone(),
                    series.type_.to_string(),
                    bucket.to_string(),
                    value.to_string(),
                ]);
            }
        }
    }
    csv.finish()
}
