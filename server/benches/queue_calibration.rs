//! How well the queue panel's wait estimate is calibrated, on the simulator's queue
//! model: the cluster's clock is driven forward, every pending workload's estimate is
//! recorded every 15 minutes (computed by the same code as the panel, from the same
//! four list queries per node pool), and each estimate is compared with when the
//! workload actually started.
//!
//! `cargo bench -p server --bench queue_calibration` prints the table in BENCHMARKS.md.
//! The simulator is a pure function of seed and clock, so the moment a workload left
//! the queue is found by asking for it at earlier instants (a binary search to the
//! second), not by sampling.

use std::collections::{BTreeSet, HashMap};

use app::queue::{
    WaitEstimate, estimate_wait,
    lists::{entry, history_waits, queries},
};
use runai::model::{Phase, Workload};
use runai_sim::cluster::{Cluster, Scope};
use uuid::Uuid;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
const START: i64 = 1_795_000_000_000;
const EVERY: i64 = 15 * 60_000;
/// The panel's history window.
const HISTORY: i64 = 7 * DAY;

/// One estimate, as the panel would have shown it.
struct Recorded {
    id: Uuid,
    at_ms: i64,
    estimate: WaitEstimate,
}

#[derive(Default)]
struct Tally {
    estimates: usize,
    not_enough: usize,
    /// Ranges whose workload was deleted before it started (its owner gave up).
    never_started: usize,
    /// Ranges compared with an actual start.
    compared: usize,
    inside: usize,
    below: usize,
    /// Ranges whose upper end lies beyond the history ("more than …").
    open_ended: usize,
    /// Of those, how many started after p10.
    open_inside: usize,
    errors_s: Vec<f64>,
    actual_s: Vec<f64>,
}

fn all_rows(cluster: &Cluster, at: i64, query: &runai::query::ListQuery) -> Vec<Workload> {
    cluster.list(at, &Scope::All, query).workloads
}

/// Every pending workload's estimate at `at`.
fn record(cluster: &Cluster, at: i64, into: &mut Vec<Recorded>) {
    let since = (at - HISTORY) / HOUR * HOUR;
    let pools: BTreeSet<&str> = cluster.pools().iter().map(|p| p.name).collect();
    for pool in pools {
        let [waiting, _idle, started, started_deleted] =
            queries(Some(pool), since).expect("queries for a valid instant");
        let mut left: Vec<Workload> = all_rows(cluster, at, &started);
        left.extend(all_rows(cluster, at, &started_deleted));
        let waiting_rows = all_rows(cluster, at, &waiting);
        for w in &waiting_rows {
            let target = entry(w);
            let waited_s = w.total_pending_time_seconds.get().unwrap_or(0) as f64;
            into.push(Recorded {
                id: w.id,
                at_ms: at,
                estimate: estimate_wait(
                    &history_waits(&target, &left),
                    &history_waits(&target, waiting_rows.iter().filter(|o| o.id != w.id)),
                    waited_s,
                ),
            });
        }
    }
}

/// When the workload left Pending for the first time after `after_ms`, if it did by
/// `until_ms` (and was not deleted while waiting).
fn started_at(cluster: &Cluster, id: Uuid, after_ms: i64, until_ms: i64) -> Option<i64> {
    let waiting = |t: i64| {
        let w = cluster
            .get(t, &Scope::All, id)
            .expect("recorded workloads exist");
        let w = w.workload;
        w.phase == Phase::Pending || w.phase == Phase::Creating || w.deleted_at.is_some()
    };
    let end = cluster.get(until_ms, &Scope::All, id).ok()?.workload;
    if end.phase == Phase::Pending || (end.deleted_at.is_some() && waiting(until_ms)) {
        // Deleted while waiting keeps its Pending phase: it never started.
        let never = end.phase == Phase::Pending;
        if never {
            return None;
        }
    }
    let (mut lo, mut hi) = (after_ms, until_ms);
    if waiting(hi) {
        return None;
    }
    while hi - lo > 1_000 {
        let mid = lo + (hi - lo) / 2;
        if waiting(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(hi)
}

fn tally(cluster: &Cluster, recorded: &[Recorded], until_ms: i64) -> Tally {
    let mut t = Tally::default();
    let mut starts: HashMap<Uuid, Option<i64>> = HashMap::new();
    for r in recorded {
        t.estimates += 1;
        let WaitEstimate::Likely {
            p10_s,
            p50_s,
            p90_s,
            ..
        } = r.estimate
        else {
            t.not_enough += 1;
            continue;
        };
        let start = *starts
            .entry(r.id)
            .or_insert_with(|| started_at(cluster, r.id, r.at_ms, until_ms));
        let Some(start) = start else {
            t.never_started += 1;
            continue;
        };
        let actual = (start - r.at_ms) as f64 / 1000.0;
        t.compared += 1;
        t.open_ended += usize::from(p90_s.is_none());
        if actual < p10_s {
            t.below += 1;
        } else if p90_s.is_none_or(|p90| actual <= p90) {
            t.inside += 1;
            t.open_inside += usize::from(p90_s.is_none());
        }
        if let Some(p50) = p50_s {
            t.errors_s.push((actual - p50).abs());
        }
        t.actual_s.push(actual);
    }
    t
}

fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn minutes(s: f64) -> String {
    format!("{:.0} min", s / 60.0)
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read.
    println!(
        "| cluster | window | estimates | ranges compared | inside p10–p90 | below p10 | above p90 | open-ended | inside, closed ranges only | median abs error of p50 | median actual wait | not enough history | gave up waiting |"
    );
    println!(
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for (size, seed) in [(300, 42), (300, 7), (3_000, 42)] {
        let cluster = Cluster::new(seed, size, START);
        for (label, from, to) in [
            ("first 3 days after start-up", START, START + 3 * DAY),
            (
                "days 7–10 (history all simulated)",
                START + 7 * DAY,
                START + 10 * DAY,
            ),
        ] {
            let mut recorded = Vec::new();
            let mut at = from;
            while at < to {
                record(&cluster, at, &mut recorded);
                at += EVERY;
            }
            // Owners give up after two days at most, so three more settle every wait.
            let mut t = tally(&cluster, &recorded, to + 3 * DAY);
            let share = |n: usize| format!("{:.0} %", 100.0 * n as f64 / t.compared.max(1) as f64);
            println!(
                "| {size} workloads, seed {seed} | {label} | {} | {} | {} | {} | {} | {} | {:.0} % | {} | {} | {} | {} |",
                t.estimates,
                t.compared,
                share(t.inside),
                share(t.below),
                share(t.compared - t.inside - t.below),
                share(t.open_ended),
                100.0 * (t.inside - t.open_inside) as f64
                    / (t.compared - t.open_ended).max(1) as f64,
                minutes(median(&mut t.errors_s)),
                minutes(median(&mut t.actual_s)),
                t.not_enough,
                t.never_started,
            );
        }
    }
}
