//! Series read from a metrics answer (server only): points, one line per GPU, a counter
//! as a rate, a percentiles type's lines.

use crate::components::LineSeries;
use runai::model::{Measurement, MetricType, MetricsResponse};

/// `(time ms, value)` points of a measurement.
pub fn points(m: &Measurement) -> Vec<(f64, f64)> {
    m.values
        .iter()
        .flatten()
        .filter_map(|v| Some((v.timestamp?.unix_millis() as f64, v.number()?)))
        .collect()
}

pub fn series_of<'a>(data: &'a MetricsResponse, metric: &MetricType) -> Vec<&'a Measurement> {
    data.measurements
        .iter()
        .filter(|m| &m.type_ == metric)
        .collect()
}

/// One series per GPU (`GPU 0`, …), named with `prefix` when several types share a chart.
pub fn per_gpu(data: &MetricsResponse, metric: &MetricType, prefix: &str) -> Vec<LineSeries> {
    series_of(data, metric)
        .into_iter()
        .map(|m| {
            let gpu = m
                .labels
                .as_ref()
                .and_then(|l| l.get("gpu").cloned())
                .unwrap_or_default();
            LineSeries {
                name: format!("{prefix}GPU {gpu}").trim().to_owned(),
                points: points(m),
                dashed: false,
                colour: None,
            }
        })
        .collect()
}

/// The first series of `metric`, named `name`.
pub fn single(data: &MetricsResponse, metric: &MetricType, name: &str) -> Option<LineSeries> {
    let m = series_of(data, metric).into_iter().next()?;
    Some(LineSeries {
        name: name.to_owned(),
        points: points(m),
        dashed: false,
        colour: None,
    })
}

/// A counter as a rate per second between consecutive samples.
pub fn rate(series: LineSeries) -> LineSeries {
    let points = series
        .points
        .windows(2)
        .filter_map(|w| {
            let seconds = (w[1].0 - w[0].0) / 1000.0;
            (seconds > 0.0).then(|| (w[1].0, ((w[1].1 - w[0].1) / seconds).max(0.0)))
        })
        .collect();
    LineSeries {
        name: format!("{} per second", series.name),
        points,
        ..series
    }
}

/// The p50/p90/p99 series of a percentiles type.
pub fn percentiles(data: &MetricsResponse, metric: &MetricType) -> Vec<LineSeries> {
    let Some(histogram) = data
        .histogram
        .as_ref()
        .and_then(|h| h.iter().find(|s| &s.type_ == metric))
    else {
        return vec![];
    };
    ["p50", "p90", "p99"]
        .into_iter()
        .map(|p| LineSeries {
            dashed: false,
            colour: None,
            name: p.to_owned(),
            points: histogram
                .values
                .iter()
                .filter_map(|v| {
                    Some((
                        v.timestamp?.unix_millis() as f64,
                        v.data.get(p)?.parse().ok()?,
                    ))
                })
                .collect(),
        })
        .collect()
}

/// How many GPUs the answer measures, one series each.
pub fn gpu_count(data: &MetricsResponse) -> usize {
    series_of(data, &MetricType::GpuUtilization).len()
}
