//! How one workload's metrics become hourly GPU-seconds, on fixed series.

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
