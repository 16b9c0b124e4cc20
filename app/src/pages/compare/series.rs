//! The compared workloads' metrics as charts and numbers (server only): one chart per
//! metric with each workload's lines in its colour and named after it, their times
//! moved to the window's zero (each start, or none on the clock); and each workload's
//! numbers over the window.

use super::{
    answer::{COLOURS, Summary},
    read::{LookedUp, Metrics, Reading},
};
use crate::{
    components::LineSeries,
    format::{Unit, format_bytes, format_count, format_seconds},
    metric_series::{GpuLines, gpu_lines, per_gpu, percentiles, rate, single},
};
use runai::model::{MetricType as M, MetricsResponse};

/// Milliseconds in an hour: start-aligned charts count hours since each start.
const HOUR_MS: f64 = 3_600_000.0;

/// One chart of the comparison: its title, unit and every workload's lines.
pub struct AlignedPanel {
    pub title: &'static str,
    pub unit: Unit,
    pub series: Vec<LineSeries>,
}

/// The charts, in the workload page's order, each only where some workload has data;
/// `labels`: each shown workload's name on its lines, in their order.
pub fn aligned_panels(
    readings: &[Reading],
    labels: &[String],
    gpus: GpuLines,
) -> Vec<AlignedPanel> {
    let mut panels: Vec<AlignedPanel> = CHARTS
        .iter()
        .map(|(title, unit, _)| AlignedPanel {
            title,
            unit: *unit,
            series: Vec::new(),
        })
        .collect();
    for (colour, origin_ms, data) in measured(readings) {
        let name = labels.get(colour).map_or("", String::as_str);
        for ((_, drawn), panel) in charted(data, gpus).zip(panels.iter_mut()) {
            let several = drawn.len() > 1;
            for line in drawn {
                let points: Vec<(f64, f64)> = line
                    .points
                    .iter()
                    .map(|&(t, v)| match origin_ms {
                        None => (t, v),
                        Some(origin) => ((t - origin as f64) / HOUR_MS, v),
                    })
                    .collect();
                if points.is_empty() {
                    continue;
                }
                panel.series.push(LineSeries {
                    name: match several {
                        true => format!("{name}: {}", line.name),
                        false => name.to_owned(),
                    },
                    points,
                    dashed: line.dashed,
                    colour: Some(COLOURS[colour % COLOURS.len()].0),
                });
            }
        }
    }
    panels.retain(|panel| !panel.series.is_empty());
    panels
}

/// Each chart's title and one workload's lines in it, from its answer `data` (times
/// as Run:ai gave them), in the charts' order.
pub fn charted(
    data: &MetricsResponse,
    gpus: GpuLines,
) -> impl Iterator<Item = (&'static str, Vec<LineSeries>)> {
    CHARTS
        .iter()
        .map(move |(title, _, lines)| (*title, lines(data, gpus)))
}

/// A chart: its title, unit, and one workload's lines from its answer.
type Chart = (
    &'static str,
    Unit,
    fn(&MetricsResponse, GpuLines) -> Vec<LineSeries>,
);

/// The charts compared, in order.
const CHARTS: [Chart; 7] = [
    ("GPU utilization", Unit::Percent, |data, gpus| {
        gpu_lines(per_gpu(data, &M::GpuUtilization, ""), gpus, "")
    }),
    ("GPU memory used", Unit::Bytes, |data, gpus| {
        gpu_lines(per_gpu(data, &M::GpuMemoryUsageBytes, ""), gpus, "")
    }),
    ("CPU cores used", Unit::Cores, |data, _| {
        single(data, &M::CpuUsageCores, "").into_iter().collect()
    }),
    ("CPU memory used", Unit::Bytes, |data, _| {
        single(data, &M::CpuMemoryUsageBytes, "")
            .into_iter()
            .collect()
    }),
    ("Requests served per second", Unit::PerSecond, |data, _| {
        single(data, &M::NimRequestSuccessTotal, "")
            .map(rate)
            .into_iter()
            .collect()
    }),
    ("Time to first token (median)", Unit::Seconds, |data, _| {
        median(data, &M::NimTimeToFirstTokenSecondsPercentiles)
    }),
    ("End-to-end latency (median)", Unit::Seconds, |data, _| {
        median(data, &M::NimE2eRequestLatencySecondsPercentiles)
    }),
];

fn median(data: &MetricsResponse, metric: &M) -> Vec<LineSeries> {
    percentiles(data, metric)
        .into_iter()
        .filter(|s| s.name == "p50")
        .collect()
}

/// Each workload with metrics: its colour (its place among the shown workloads), the
/// charts' zero and its answer.
fn measured(readings: &[Reading]) -> impl Iterator<Item = (usize, Option<i64>, &MetricsResponse)> {
    readings
        .iter()
        .filter(|reading| matches!(reading.looked_up, LookedUp::Found { .. }))
        .enumerate()
        .filter_map(|(colour, reading)| match &reading.looked_up {
            LookedUp::Found {
                metrics: Metrics::Read { origin_ms, result },
                ..
            } => Some((colour, *origin_ms, &result.data)),
            _ => None,
        })
}

/// Each workload's numbers over the window, from `data` (`None`: no metrics).
pub fn summary(name: &str, colour: usize, data: Option<&MetricsResponse>) -> Summary {
    let values = |series: Vec<LineSeries>| -> Vec<f64> {
        series
            .into_iter()
            .flat_map(|s| s.points.into_iter().map(|p| p.1))
            .filter(|v| v.is_finite())
            .collect()
    };
    let empty = MetricsResponse {
        measurements: Vec::new(),
        histogram: runai::model::Maybe::Absent,
    };
    let data = data.unwrap_or(&empty);
    let gpu = values(per_gpu(data, &M::GpuUtilization, ""));
    let memory = values(per_gpu(data, &M::GpuMemoryUsageBytes, ""));
    let cpu = values(single(data, &M::CpuUsageCores, "").into_iter().collect());
    let ttft = percentiles(data, &M::NimTimeToFirstTokenSecondsPercentiles);
    let of = |name: &str| values(ttft.iter().filter(|s| s.name == name).cloned().collect());
    let served = values(
        single(data, &M::NimRequestSuccessTotal, "")
            .map(rate)
            .into_iter()
            .collect(),
    );
    let shown = |value: Option<f64>, write: fn(f64) -> String| value.map_or("—".to_owned(), write);
    Summary {
        name: name.to_owned(),
        colour,
        gpu_mean: shown(mean(&gpu), |v| format!("{} %", format_count(v.round()))),
        gpu_p95: shown(p95(&gpu), |v| format!("{} %", format_count(v.round()))),
        gpu_memory_peak: shown(memory.iter().copied().reduce(f64::max), format_bytes),
        cpu_mean: shown(mean(&cpu), |v| format!("{} cores", format_count(v))),
        ttft_p50: shown(mean(&of("p50")), format_seconds),
        ttft_p90: shown(mean(&of("p90")), format_seconds),
        throughput: shown(mean(&served), |v| format!("{}/s", format_count(v))),
    }
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// The 95th percentile (nearest rank).
fn p95(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((sorted.len() as f64) * 0.95).ceil() as usize;
    sorted.get(rank.max(1) - 1).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_95th_percentile_is_the_nearest_rank_and_an_empty_window_has_none() {
        let hundred: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(p95(&hundred), Some(95.0));
        assert_eq!(p95(&[7.0]), Some(7.0));
        assert_eq!(p95(&[]), None);
        assert_eq!(mean(&[1.0, 2.0, 6.0]), Some(3.0));
        let none = summary("idle", 0, None);
        assert_eq!(
            (none.gpu_mean.as_str(), none.throughput.as_str()),
            ("—", "—")
        );
    }
}
