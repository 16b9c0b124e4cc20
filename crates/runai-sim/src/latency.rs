//! The latency histograms and percentiles of an inference workload at a moment, from
//! the requests the real H100 trace served around it (loops of the serving window
//! included).

use std::collections::BTreeMap;

use super::{
    activity::Moment,
    trace::{Request, trace},
};

/// Upper bounds of the latency histograms' buckets, in seconds.
const BUCKETS: &[&str] = &[
    "0.001", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf",
];

/// Requests that arrived in the 20 trace-seconds before the moment.
fn recent<'a>(m: &Moment) -> impl Iterator<Item = &'a Request> {
    let t = m.trace_t[0];
    trace()
        .requests
        .iter()
        .filter(move |r| r.ok && r.arrival <= t && r.arrival > t - 20.0)
}

/// The 50th, 90th and 99th percentiles of the latencies of the requests that arrived
/// just before the moment (none: an empty map).
pub(crate) fn percentiles(m: &Moment, latency: impl Fn(&Request) -> f64) -> BTreeMap<String, f64> {
    let mut values: Vec<f64> = recent(m).map(&latency).collect();
    if values.is_empty() {
        return BTreeMap::new();
    }
    values.sort_by(f64::total_cmp);
    let pick = |p: f64| values[((values.len() - 1) as f64 * p).round() as usize];
    BTreeMap::from([
        ("p50".into(), pick(0.5)),
        ("p90".into(), pick(0.9)),
        ("p99".into(), pick(0.99)),
    ])
}

/// Cumulative bucket counts of every request served so far (loops included).
pub(crate) fn buckets(m: &Moment, latency: impl Fn(&Request) -> f64) -> BTreeMap<String, f64> {
    let t = m.trace_t[0];
    let served = trace().requests.iter().filter(|r| r.ok);
    let per_loop: Vec<f64> = served.clone().map(&latency).collect();
    let so_far: Vec<f64> = served.filter(|r| r.arrival <= t).map(&latency).collect();
    BUCKETS
        .iter()
        .map(|bound| {
            let limit: f64 = if *bound == "+Inf" {
                f64::INFINITY
            } else {
                bound.parse().unwrap_or(f64::INFINITY)
            };
            let count = |v: &[f64]| v.iter().filter(|&&x| x <= limit).count() as f64;
            (
                (*bound).to_owned(),
                m.loops * count(&per_loop) + count(&so_far),
            )
        })
        .collect()
}
