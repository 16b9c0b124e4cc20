//! What the ledger counts, and how one workload's metrics become hourly GPU-seconds.
//!
//! For every sample interval in which a workload holds GPUs (where it begins or stops
//! holding them between two samples, half the interval on that side; to the instant
//! when it has ended for good):
//! - **allocated** GPU-time: the GPUs it holds (`GPU_ALLOCATION`, fractions included)
//!   × the interval;
//! - **idle** GPU-time: the part of that on devices whose utilization
//!   (`GPU_UTILIZATION`, per GPU) is below the idle threshold;
//! - **used** GPU-time: allocated × the devices' mean utilization (utilization-weighted).
//!
//! An interval whose utilization is missing counts as allocated only. The idle share is
//! idle ÷ allocated, summed first.

use std::collections::{BTreeMap, HashMap};

use crate::calendar::HOUR_MS;
use runai::{
    model::{MetricType, MetricsResponse, Timestamp},
    query::{MAX_SAMPLES, MetricsQuery},
};

/// The spacing of the samples the collector asks for.
pub const SAMPLE_MS: i64 = 5 * 60_000;
/// The longest span one metrics call covers at that spacing.
pub const MAX_SPAN_MS: i64 = (MAX_SAMPLES as i64 - 1) * SAMPLE_MS / HOUR_MS * HOUR_MS;

/// GPU-seconds of one workload over one hour (or any sum of them).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GpuSeconds {
    pub allocated: f64,
    pub idle: f64,
    pub used: f64,
}

impl GpuSeconds {
    /// Adds `other` in.
    pub fn add(&mut self, other: GpuSeconds) {
        self.allocated += other.allocated;
        self.idle += other.idle;
        self.used += other.used;
    }

    /// What `self` holds beyond `other`.
    pub fn minus(self, other: GpuSeconds) -> GpuSeconds {
        GpuSeconds {
            allocated: self.allocated - other.allocated,
            idle: self.idle - other.idle,
            used: self.used - other.used,
        }
    }

    /// Idle ÷ allocated (0 when nothing was allocated).
    pub fn idle_share(&self) -> f64 {
        if self.allocated > 0.0 {
            self.idle / self.allocated
        } else {
            0.0
        }
    }
}

/// The metrics query for `[from_ms, to_ms)` (whole hours, at most [`MAX_SPAN_MS`]): one
/// sample every [`SAMPLE_MS`], from the first instant to the last.
pub fn metrics_query(from_ms: i64, to_ms: i64) -> Option<MetricsQuery> {
    let samples = (to_ms - from_ms) / SAMPLE_MS + 1;
    Some(MetricsQuery {
        metric_type: vec![MetricType::GpuAllocation, MetricType::GpuUtilization],
        start: Timestamp::from_unix_millis(from_ms)?,
        end: Timestamp::from_unix_millis(to_ms)?,
        number_of_samples: u16::try_from(samples).ok().filter(|&n| n <= MAX_SAMPLES),
    })
}

/// `[from_ms, to_ms)` cut into spans one metrics call each covers.
pub fn spans(from_ms: i64, to_ms: i64) -> Vec<(i64, i64)> {
    let mut spans = Vec::new();
    let mut start = from_ms;
    while start < to_ms {
        let end = (start + MAX_SPAN_MS).min(to_ms);
        spans.push((start, end));
        start = end;
    }
    spans
}

fn parse(value: &str) -> Option<f64> {
    value.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The part of the time around a sample at `at` that it stands for. A sample stands for
/// the interval that follows it, up to the next sample. Where holding GPUs begins or
/// ends between two samples the moment is unknown, so the sample stands for half the
/// interval on that side (on average exact) — unless the end is known (`ended_ms`), when
/// it counts to that instant. `held(t)` says whether the sample at `t` holds GPUs;
/// `last_ms` is the response's last sample instant (beyond it nothing is known).
fn stands_for(
    at: i64,
    held: impl Fn(i64) -> bool,
    last_ms: i64,
    ended_ms: Option<i64>,
) -> (i64, i64) {
    let begin = if held(at - SAMPLE_MS) {
        at
    } else {
        at - SAMPLE_MS / 2
    };
    let next = at + SAMPLE_MS;
    let end = match ended_ms.filter(|&ended| ended > at && ended <= next) {
        Some(ended) => ended,
        None if next > last_ms || held(next) => next,
        None => at + SAMPLE_MS / 2,
    };
    (begin, end)
}

/// The hours of `[from_ms, to_ms)` as `response` shows them (samples [`SAMPLE_MS`]
/// apart, `to_ms` the last), by hour start, counted up to `ended_ms` when the workload
/// has ended for good; a GPU under `idle_below_percent` utilization counts as idle.
pub fn hours(
    response: &MetricsResponse,
    from_ms: i64,
    to_ms: i64,
    ended_ms: Option<i64>,
    idle_below_percent: f64,
) -> BTreeMap<i64, GpuSeconds> {
    // Allocation by instant: `None` for a value that does not parse (unknown, so taken
    // as held by its neighbours, and counted as nothing itself).
    let mut allocation: BTreeMap<i64, Option<f64>> = BTreeMap::new();
    let mut utilization: HashMap<i64, Vec<f64>> = HashMap::new();
    for series in &response.measurements {
        let values = series.values.iter().flatten();
        let points = values.filter_map(|v| Some((v.timestamp?.unix_millis(), &v.value)));
        match series.type_ {
            MetricType::GpuAllocation => {
                allocation.extend(points.map(|(at, value)| (at, parse(value))));
            }
            MetricType::GpuUtilization => {
                for (at, percent) in points.filter_map(|(at, v)| Some((at, parse(v)?))) {
                    utilization.entry(at).or_default().push(percent);
                }
            }
            _ => {}
        }
    }
    let held = |t: i64| {
        allocation
            .get(&t)
            .is_some_and(|gpus| gpus.is_none_or(|g| g > 0.0))
    };
    let last_ms = allocation
        .keys()
        .next_back()
        .map_or(to_ms, |&t| t.max(to_ms));
    let until_ms = ended_ms.map_or(to_ms, |ended| ended.min(to_ms));
    let mut by_hour: BTreeMap<i64, GpuSeconds> = BTreeMap::new();
    for (&at, gpus) in &allocation {
        let Some(gpus) = gpus.filter(|g| *g > 0.0) else {
            continue;
        };
        let (begin, end) = stands_for(at, held, last_ms, ended_ms);
        let (start, end) = (begin.max(from_ms), end.min(until_ms));
        let mut t = start;
        while t < end {
            let hour = t.div_euclid(HOUR_MS) * HOUR_MS;
            let until = (hour + HOUR_MS).min(end);
            let seconds = (until - t) as f64 / 1000.0;
            let mut part = GpuSeconds {
                allocated: gpus * seconds,
                ..GpuSeconds::default()
            };
            if let Some(devices) = utilization.get(&at).filter(|d| !d.is_empty()) {
                let n = devices.len() as f64;
                let idle = devices.iter().filter(|u| **u < idle_below_percent).count() as f64;
                let mean = devices.iter().sum::<f64>() / n;
                part.idle = part.allocated * idle / n;
                part.used = part.allocated * (mean / 100.0).clamp(0.0, 1.0);
            }
            by_hour.entry(hour).or_default().add(part);
            t = until;
        }
    }
    by_hour
}

#[cfg(test)]
#[path = "summary_tests.rs"]
mod tests;
