//! How a metric measured per GPU is drawn: one line per GPU, or (by default) the GPUs'
//! mean with the highest and the lowest GPU at each instant (server only).

use std::collections::BTreeMap;

use super::GpuLines;
use crate::components::LineSeries;

/// At each instant any of `series` has a value: the mean, the lowest and the highest.
pub fn across(series: &[LineSeries]) -> Vec<(f64, f64, f64, f64)> {
    let mut at: BTreeMap<i64, (f64, usize, f64, f64)> = BTreeMap::new();
    for s in series {
        for &(t, v) in &s.points {
            let entry = at
                .entry(t as i64)
                .or_insert((0.0, 0, f64::INFINITY, f64::NEG_INFINITY));
            entry.0 += v;
            entry.1 += 1;
            entry.2 = entry.2.min(v);
            entry.3 = entry.3.max(v);
        }
    }
    at.into_iter()
        .map(|(t, (sum, n, low, high))| (t as f64, sum / n as f64, low, high))
        .collect()
}

/// The GPUs' lines as the view asks: one per GPU with their mean, or (the default) the
/// mean with the highest and the lowest GPU at each instant, which stays readable for
/// eight or sixteen GPUs. One GPU is drawn as itself either way. `prefix` names the
/// metric when a chart holds more than one.
pub fn gpu_lines(series: Vec<LineSeries>, gpus: GpuLines, prefix: &str) -> Vec<LineSeries> {
    if series.len() < 2 {
        return series;
    }
    let each = across(&series);
    let line = |name: &str, dashed: bool, pick: fn(&(f64, f64, f64, f64)) -> f64| LineSeries {
        name: format!("{prefix}{name}"),
        points: each.iter().map(|p| (p.0, pick(p))).collect(),
        dashed,
        colour: None,
    };
    let mean = line("Mean of the GPUs", false, |p| p.1);
    match gpus {
        GpuLines::Each => series.into_iter().chain([mean]).collect(),
        GpuLines::Spread => vec![
            mean,
            line("Highest GPU", true, |p| p.3),
            line("Lowest GPU", true, |p| p.2),
        ],
    }
}
