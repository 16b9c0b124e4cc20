//! How well the queue panel's wait estimate is calibrated, on the simulator's queue
//! model, beside a naive baseline: the cluster's clock is driven forward, every pending
//! workload's standing is worked out every 15 minutes (by the same code as the panel,
//! `app::queue::reads::work_out`, from the same list queries, read from the simulator at
//! that instant), and each estimate is compared with when the workload actually started.
//!
//! The baseline is what a person could work out from the queue alone: the workload's
//! position divided by its node pool's start rate over the history window (starts as a
//! Poisson process, so the wait for the n-th start is Erlang-distributed, whose 10th,
//! 50th and 90th percentiles give its range).
//!
//! `cargo bench -p server --bench queue_calibration` prints the tables in BENCHMARKS.md.
//! The simulator is a pure function of seed and clock, so the moment a workload left
//! the queue is found by asking for it at earlier instants (a binary search to the
//! second), not by sampling.

use std::{
    collections::{BTreeMap, HashMap},
    sync::Arc,
};

use app::{
    error::AppError,
    queue::{
        Basis, WaitEstimate, WaitReason,
        lists::queries,
        reads::{EachQueryOnce, ListSource, work_out},
        standing::QueueStanding,
    },
};
use runai::{
    model::{Phase, WorkloadList},
    query::ListQuery,
};
use runai_sim::cluster::{Cluster, Scope};
use uuid::Uuid;

mod baseline;
mod tally;

use baseline::baseline;
use tally::Tally;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
const START: i64 = 1_795_000_000_000;
const EVERY: i64 = 15 * 60_000;
/// The panel's history window.
const HISTORY: i64 = 7 * DAY;

/// The simulator at one instant (read through [`EachQueryOnce`], as the read cache
/// answers each query once).
struct SimAt<'a> {
    cluster: &'a Cluster,
    at: i64,
}

impl ListSource for SimAt<'_> {
    async fn list(&self, query: &ListQuery) -> Result<Arc<WorkloadList>, AppError> {
        Ok(Arc::new(self.cluster.list(self.at, &Scope::All, query)))
    }

    async fn list_everything(&self, _: &ListQuery) -> Option<Arc<WorkloadList>> {
        // Read as the admin, nothing is hidden.
        None
    }
}

/// A range: p10, p50 (if reached), p90 (if reached), and how far the history reaches.
pub type Range = (f64, Option<f64>, Option<f64>, f64);

/// One estimate, as the panel would have shown it, and the baseline's.
struct Recorded {
    id: Uuid,
    at_ms: i64,
    reason: &'static str,
    basis: Option<Basis>,
    estimate: Option<Range>,
    baseline: Option<Range>,
}

fn reason_kind(reason: &WaitReason) -> &'static str {
    match reason {
        WaitReason::Project {
            blocked: app::queue::Blocked::OverQuota,
            ..
        } => "over its project's quota",
        WaitReason::Project { .. } => "over its project's limit",
        WaitReason::Behind { .. } => "behind others",
        WaitReason::Capacity { .. } => "waiting for capacity",
        WaitReason::Scheduler { .. } => "the scheduler's message",
    }
}

fn range(estimate: &WaitEstimate) -> Option<Range> {
    match estimate {
        WaitEstimate::Likely {
            p10_s,
            p50_s,
            p90_s,
            reaches_s,
            ..
        } => Some((*p10_s, *p50_s, *p90_s, *reaches_s)),
        WaitEstimate::NotEnoughHistory { .. } => None,
    }
}

/// Every pending workload's standing at `at`.
fn record(runtime: &tokio::runtime::Runtime, cluster: &Cluster, at: i64, into: &mut Vec<Recorded>) {
    let lists = EachQueryOnce::new(SimAt { cluster, at });
    let since = (at - HISTORY) / HOUR * HOUR;
    let [pending, ..] = queries(None, since).expect("queries for a valid instant");
    let pending = cluster.list(at, &Scope::All, &pending);
    // Starts per second in each pool over the history window (the baseline's rate).
    let mut rates: BTreeMap<String, f64> = BTreeMap::new();
    for pool in cluster.pools() {
        let [_, _, started, started_deleted] =
            queries(Some(pool.name), since).expect("queries for a valid instant");
        let starts = cluster.list(at, &Scope::All, &started).workloads.len()
            + cluster
                .list(at, &Scope::All, &started_deleted)
                .workloads
                .len();
        rates.insert(
            pool.name.to_owned(),
            starts as f64 / (HISTORY / 1000) as f64,
        );
    }
    for w in &pending.workloads {
        let detail = cluster
            .get(at, &Scope::All, w.id)
            .expect("listed workloads exist");
        let said = detail
            .pending_scheduling_messages
            .as_ref()
            .cloned()
            .unwrap_or_default();
        let standing: QueueStanding = runtime
            .block_on(work_out(&lists, &detail.workload, &said, at))
            .expect("the simulator answers")
            .expect("listed as pending");
        let rate = standing
            .node_pools
            .iter()
            .filter_map(|pool| rates.get(pool))
            .sum::<f64>();
        into.push(Recorded {
            id: w.id,
            at_ms: at,
            reason: reason_kind(&standing.reason),
            basis: standing.estimate.basis,
            estimate: range(&standing.estimate.estimate),
            baseline: baseline(standing.position, rate),
        });
    }
}

/// When the workload left Pending for the first time after `after_ms`, if it did by
/// `until_ms` (and was not deleted while waiting).
fn started_at(cluster: &Cluster, id: Uuid, after_ms: i64, until_ms: i64) -> Option<i64> {
    let waiting = |t: i64| {
        let w = cluster
            .get(t, &Scope::All, id)
            .expect("recorded workloads exist")
            .workload;
        // Deleted while waiting, it keeps its Pending phase; deleted after it started,
        // its last phase.
        w.phase == Phase::Pending || w.phase == Phase::Creating
    };
    let end = cluster.get(until_ms, &Scope::All, id).ok()?.workload;
    if end.phase == Phase::Pending {
        // Deleted while waiting keeps its Pending phase: it never started.
        return None;
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

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    println!(
        "| cluster | reason | estimates | given a time: estimator / baseline | inside p10–p90: estimator / baseline | estimator: before p10 / after p90 | interval score, same workloads: estimator / baseline |"
    );
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    let mut bases = Vec::new();
    for (size, seed) in [(2_000, 42), (2_000, 7), (20_000, 42)] {
        let cluster = Cluster::new(seed, size, START);
        // After a week of the scheduler's own history.
        let (from, to) = (START + 7 * DAY, START + 10 * DAY);
        let mut recorded = Vec::new();
        let mut at = from;
        while at < to {
            record(&runtime, &cluster, at, &mut recorded);
            at += EVERY;
        }
        let mut starts: HashMap<Uuid, Option<i64>> = HashMap::new();
        let mut by_reason: BTreeMap<&str, [Tally; 3]> = BTreeMap::new();
        let mut by_basis: BTreeMap<String, [Tally; 3]> = BTreeMap::new();
        for r in &recorded {
            // Owners give up after two days at most, so three more settle every wait.
            let start = *starts
                .entry(r.id)
                .or_insert_with(|| started_at(&cluster, r.id, r.at_ms, to + 3 * DAY));
            let actual = start.map(|s| (s - r.at_ms) as f64 / 1000.0);
            for reason in [r.reason, "all"] {
                let [estimator, baseline, baseline_same] = by_reason.entry(reason).or_default();
                estimator.add(r.estimate, actual);
                baseline.add(r.baseline, actual);
                // The baseline scored on the estimates the estimator also gave a range.
                baseline_same.add(r.estimate.and(r.baseline), actual);
            }
            if let Some(basis) = r.basis {
                let [estimator, baseline, baseline_same] =
                    by_basis.entry(format!("{basis:?}")).or_default();
                estimator.add(r.estimate, actual);
                baseline.add(r.baseline, actual);
                baseline_same.add(r.estimate.and(r.baseline), actual);
            }
        }
        bases.push((format!("{size} workloads, seed {seed}"), by_basis));
        for (reason, [estimator, baseline, baseline_same]) in &by_reason {
            let [e_timed, e_inside, e_misses, e_score] = estimator.row();
            let [b_timed, b_inside, _, _] = baseline.row();
            let [_, _, _, b_score] = baseline_same.row();
            println!(
                "| {size} workloads, seed {seed} | {reason} | {} | {e_timed} / {b_timed} | {e_inside} / {b_inside} | {e_misses} | {e_score} / {b_score} |",
                estimator.estimates,
            );
        }
    }
    println!();
    println!(
        "| cluster | basis | estimates with a range | inside p10–p90 | before p10 / after p90 | interval score: estimator / baseline |"
    );
    println!("| --- | --- | ---: | ---: | ---: | ---: |");
    for (cluster, by_basis) in &bases {
        for (basis, [estimator, _, baseline_same]) in by_basis {
            let [_, inside, misses, score] = estimator.row();
            let [_, _, _, b_score] = baseline_same.row();
            println!(
                "| {cluster} | {basis} | {} | {inside} | {misses} | {score} / {b_score} |",
                estimator.timed
            );
        }
    }
}
