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
mod tests {
    use std::collections::BTreeMap;

    use runai::model::{Maybe, Measurement, MeasurementValue};

    use super::*;

    const T0: i64 = 1_795_000_000_000 / HOUR_MS * HOUR_MS;

    fn series(type_: MetricType, gpu: Option<&str>, points: &[(i64, f64)]) -> Measurement {
        Measurement {
            type_,
            labels: match gpu {
                Some(g) => Maybe::Value(BTreeMap::from([("gpu".to_owned(), g.to_owned())])),
                None => Maybe::Absent,
            },
            values: Some(
                points
                    .iter()
                    .map(|(at, v)| MeasurementValue {
                        value: v.to_string(),
                        timestamp: Timestamp::from_unix_millis(*at),
                    })
                    .collect(),
            ),
        }
    }

    fn response(measurements: Vec<Measurement>) -> MetricsResponse {
        MetricsResponse {
            measurements,
            histogram: Maybe::Absent,
        }
    }

    #[test]
    fn two_gpus_one_idle_count_half_idle_and_their_mean_as_used() {
        let at: Vec<i64> = (0..=12).map(|i| T0 + i * SAMPLE_MS).collect();
        let each = |v: f64| at.iter().map(|t| (*t, v)).collect::<Vec<_>>();
        let metrics = response(vec![
            series(MetricType::GpuAllocation, None, &each(2.0)),
            series(MetricType::GpuUtilization, Some("0"), &each(80.0)),
            series(MetricType::GpuUtilization, Some("1"), &each(1.0)),
        ]);
        let hours = hours(&metrics, T0, T0 + HOUR_MS, None, 5.0);
        let hour = hours[&T0];
        assert_eq!(hour.allocated, 2.0 * 3600.0);
        assert_eq!(hour.idle, 3600.0, "one of the two GPUs is under 5 %");
        assert!((hour.used - 2.0 * 3600.0 * 0.405).abs() < 1e-6);
        assert_eq!(hour.idle_share(), 0.5);
        assert_eq!(hours.len(), 1);
    }

    #[test]
    fn a_workload_that_ended_inside_a_sample_counts_to_the_second() {
        // Deleted at 00:07:30 while holding 2 GPUs: its samples at 00:05 and 00:10 (an
        // upstream that goes on answering) count up to the end and not past it.
        let at: Vec<i64> = (0..4).map(|i| T0 + i * SAMPLE_MS).collect();
        let metrics = response(vec![series(
            MetricType::GpuAllocation,
            None,
            &at.iter().map(|t| (*t, 2.0)).collect::<Vec<_>>(),
        )]);
        let ended = T0 + 7 * 60_000 + 30_000;
        let hours = hours(&metrics, T0, T0 + HOUR_MS, Some(ended), 5.0);
        assert_eq!(hours[&T0].allocated, 2.0 * 450.0);
    }

    #[test]
    fn samples_split_at_hour_ends_and_stop_at_the_window() {
        // Samples every 5 minutes from 10:50 to 11:10, a half GPU at 0 %, none at 10:45:
        // it began holding between 10:45 and 10:50, counted from 10:47:30. The window
        // [10:00, 11:05) takes 10:47:30–11:00 into the first hour and 11:00–11:05 into
        // the second; the samples at 11:05 and 11:10 stand for time outside it.
        let points: Vec<(i64, f64)> = (0..5)
            .map(|i| (T0 + 50 * 60_000 + i * SAMPLE_MS, 0.5))
            .collect();
        let zero: Vec<(i64, f64)> = points.iter().map(|(t, _)| (*t, 0.0)).collect();
        let metrics = response(vec![
            series(MetricType::GpuAllocation, None, &points),
            series(MetricType::GpuUtilization, Some("0"), &zero),
        ]);
        let hours = hours(&metrics, T0, T0 + HOUR_MS + 5 * 60_000, None, 5.0);
        assert_eq!(hours[&T0].allocated, 0.5 * 750.0);
        assert_eq!(hours[&(T0 + HOUR_MS)].allocated, 0.5 * 300.0);
        assert_eq!(hours[&T0].idle, hours[&T0].allocated);
        assert_eq!(hours[&T0].used, 0.0);
    }

    #[test]
    fn missing_utilization_counts_as_allocated_only_and_bad_values_are_skipped() {
        let metrics = response(vec![series(
            MetricType::GpuAllocation,
            None,
            &[(T0, 1.0), (T0 + SAMPLE_MS, f64::NAN)],
        )]);
        let hours = hours(&metrics, T0, T0 + HOUR_MS, None, 5.0);
        assert_eq!(
            hours[&T0],
            GpuSeconds {
                allocated: 300.0,
                idle: 0.0,
                used: 0.0
            }
        );
    }

    #[test]
    fn a_run_that_begins_or_stops_between_samples_counts_half_the_interval_on_that_side() {
        // Held at 00:10, 00:15 and 00:20 only (placed between 00:05 and 00:10, preempted
        // between 00:20 and 00:25, its end unknown): 00:07:30 to 00:22:30.
        let points: Vec<(i64, f64)> = (2..=4).map(|i| (T0 + i * SAMPLE_MS, 4.0)).collect();
        let metrics = response(vec![series(MetricType::GpuAllocation, None, &points)]);
        let hours = hours(&metrics, T0, T0 + HOUR_MS, None, 5.0);
        assert_eq!(hours[&T0].allocated, 4.0 * 15.0 * 60.0);
        // Ended for good at 00:24: counted to that instant.
        let ended = T0 + 24 * 60_000;
        let hours = super::hours(&metrics, T0, T0 + HOUR_MS, Some(ended), 5.0);
        assert_eq!(hours[&T0].allocated, 4.0 * 16.5 * 60.0);
    }

    #[test]
    fn samples_off_the_grid_each_stand_for_the_interval_around_them() {
        // An upstream whose instants are a few seconds off the asked-for grid: no sample
        // finds its neighbour, and each counts the five minutes around it.
        let points: Vec<(i64, f64)> = (0..12)
            .map(|i| (T0 + 150_000 + i * SAMPLE_MS + (i % 2) * 3_000, 1.0))
            .collect();
        let metrics = response(vec![series(MetricType::GpuAllocation, None, &points)]);
        let hours = hours(&metrics, T0, T0 + HOUR_MS, None, 5.0);
        // Every other sample is 3 s late: the last stands for 3 s past the hour.
        assert_eq!(hours[&T0].allocated, 3597.0);
    }

    #[test]
    fn long_windows_are_cut_into_calls_of_at_most_a_thousand_samples() {
        let week = spans(T0, T0 + 7 * 24 * HOUR_MS);
        assert_eq!(week.first().unwrap().0, T0);
        assert_eq!(week.last().unwrap().1, T0 + 7 * 24 * HOUR_MS);
        for (from, to) in &week {
            let query = metrics_query(*from, *to).unwrap();
            assert!(query.number_of_samples.is_some(), "{from} {to}");
            assert_eq!(from % HOUR_MS, 0);
            query.validate().unwrap();
        }
        assert_eq!(week.len(), 3, "83 h per call at 5-minute samples");
    }
}
