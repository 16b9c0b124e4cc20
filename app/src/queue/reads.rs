//! A pending workload's standing worked out from list reads (server only): the lists,
//! then its line, reason and estimate. Every query's words depend on the node pools
//! (and, for a blocked workload, its project), never on the workload asking, so the
//! read cache shares them among everyone looking at the same pools. The lists come
//! from a [`ListSource`]: the upstream as the viewer, or (in the calibration benchmark)
//! the simulator at a given instant.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use runai::model::{PendingSchedulingMessage, Phase, Workload};

pub use super::source::{AsViewer, EachQueryOnce, HiddenCounter, ListSource};
use super::{
    Basis, Holder, QueueEntry, QueueEstimate, QueueLine, WaitEstimate, WaitReason,
    estimate_release, estimate_wait, first_range,
    lists::{entry, queries, run_times, waits_for},
    queue_line,
    source::{Gathered, PoolReads, history_since, holders, pools_of, read_pools},
    standing::{HiddenCount, QueueStanding},
};
use crate::error::AppError;

/// What the list reads of one request were worked into, per cluster and node pools,
/// so that working out many workloads of the same pools (the queue page) reads and
/// sorts them once.
#[derive(Default)]
pub struct Memo {
    reads: Mutex<HashMap<PoolsKey, Arc<PoolReads>>>,
}

/// A cluster and node pools (as list filters): what a workload's pool reads depend on.
type PoolsKey = (String, Vec<Option<String>>);

/// The standing of `workload` at `now_ms` (`said`: the scheduler's messages per node
/// pool, from its detail, if read), or `None` when it is not pending.
pub async fn work_out(
    lists: &impl ListSource,
    workload: &Workload,
    said: &[PendingSchedulingMessage],
    now_ms: i64,
) -> Result<Option<QueueStanding>, AppError> {
    work_out_with(lists, &Memo::default(), workload, said, now_ms).await
}

/// [`work_out`], reusing what `memo` holds of earlier workloads of the same pools.
pub async fn work_out_with(
    lists: &impl ListSource,
    memo: &Memo,
    workload: &Workload,
    said: &[PendingSchedulingMessage],
    now_ms: i64,
) -> Result<Option<QueueStanding>, AppError> {
    if workload.phase != Phase::Pending {
        return Ok(None);
    }
    let target = entry(workload);
    let reads = pool_reads(lists, memo, &target, now_ms).await?;
    // What the viewer sees is named; everyone (those the viewer cannot see included,
    // when counted) makes the position, the reason and the estimate.
    let line = queue_line(&target, &reads.pending);
    let everyone = queue_line(&target, &reads.everyone);
    let waited_s = workload.total_pending_time_seconds.get().unwrap_or(0);
    let project_holders = match target.blocked {
        Some(_) => holders(lists, &target, true).await?,
        None => Vec::new(),
    };
    let reason = reason(workload, said, &target, &everyone, &reads, &project_holders);
    let estimate = estimate(
        lists,
        &target,
        waited_s as f64,
        &reads,
        &project_holders,
        &everyone,
        now_ms,
    )
    .await?;
    let hidden = reads.hidden_counted.then(|| HiddenCount {
        ahead: everyone.ahead.len() - line.ahead.len(),
        competing: everyone.competing - line.competing,
    });
    Ok(Some(QueueStanding {
        node_pools: target.node_pools.clone(),
        blocked: target.blocked,
        position: everyone.ahead.len() + 1,
        competing: everyone.competing,
        hidden,
        ahead: line.ahead.into_iter().cloned().collect(),
        blocked_earlier: line.blocked.into_iter().cloned().collect(),
        idle_holders: reads.idle_holders.clone(),
        waited_s,
        reason,
        estimate,
        at_ms: now_ms,
        what_if: Vec::new(),
    }))
}

/// The range the queue gives `workload` as it begins to wait (its wait so far taken as
/// none), read on the history at `now_ms`: the estimate a workload asking what it asks
/// is given on arriving, which a workload waiting past its 90th percentile has outwaited.
/// `None` when it is not pending.
pub async fn estimate_from_start(
    lists: &impl ListSource,
    memo: &Memo,
    workload: &Workload,
    now_ms: i64,
) -> Result<Option<QueueEstimate>, AppError> {
    if workload.phase != Phase::Pending {
        return Ok(None);
    }
    let target = entry(workload);
    let reads = pool_reads(lists, memo, &target, now_ms).await?;
    let everyone = queue_line(&target, &reads.everyone);
    let project_holders = match target.blocked {
        Some(_) => holders(lists, &target, true).await?,
        None => Vec::new(),
    };
    let estimate = estimate(
        lists,
        &target,
        0.0,
        &reads,
        &project_holders,
        &everyone,
        now_ms,
    )
    .await?;
    Ok(Some(estimate))
}

/// The reads of `target`'s node pools, once per memo.
async fn pool_reads(
    lists: &impl ListSource,
    memo: &Memo,
    target: &QueueEntry,
    now_ms: i64,
) -> Result<Arc<PoolReads>, AppError> {
    let key = (target.cluster_id.clone(), pools_of(target));
    let known = memo
        .reads
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&key)
        .cloned();
    if let Some(reads) = known {
        return Ok(reads);
    }
    let reads = Arc::new(read_pools(lists, target, now_ms).await?);
    memo.reads
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, reads.clone());
    Ok(reads)
}

/// What `target` waits for; `holders`: its project's, if its project blocks it.
fn reason(
    workload: &Workload,
    said: &[PendingSchedulingMessage],
    target: &QueueEntry,
    line: &QueueLine<'_>,
    reads: &PoolReads,
    holders: &[Holder],
) -> WaitReason {
    if let Some(blocked) = target.blocked {
        return WaitReason::Project {
            blocked,
            project: target.project.clone(),
            pools: target.node_pools.clone(),
            held_gpus: holders.iter().map(|h| h.gpus).sum(),
            asks_gpus: target.gpus,
        };
    }
    if !line.ahead.is_empty() {
        return WaitReason::Behind {
            ahead: line.ahead.len(),
            ahead_gpus: line.ahead.iter().map(|e| e.gpus).sum(),
            asks_gpus: target.gpus,
        };
    }
    let scheduler_says = said
        .iter()
        .find_map(|m| m.user_message.as_ref().cloned())
        .or_else(|| workload.phase_message.clone());
    match scheduler_says {
        Some(message) if target.gpus <= 0.0 => WaitReason::Scheduler { message },
        _ => WaitReason::Capacity {
            asks_gpus: target.gpus,
            idle_held_gpus: reads.idle_holders.iter().map(|h| h.idle_gpus).sum(),
        },
    }
}

/// How long `target`, having waited `waited_s`, is likely still to wait, on the first
/// basis (in [`Basis`]'s stated order) that gives a range; `project_holders`: its
/// project's, if its project blocks it; `line`: where it stands.
async fn estimate(
    lists: &impl ListSource,
    target: &QueueEntry,
    waited_s: f64,
    reads: &PoolReads,
    project_holders: &[Holder],
    line: &QueueLine<'_>,
    now_ms: i64,
) -> Result<QueueEstimate, AppError> {
    let me = target.id.parse::<uuid::Uuid>().ok();
    let try_basis = |basis: Basis, left: &Gathered, waiting: &Gathered| {
        let started = waits_for(target, basis, left.iter());
        let still = waits_for(target, basis, waiting.iter().filter(|w| Some(w.id) != me));
        (basis, estimate_wait(&started, &still, waited_s))
    };
    if target.blocked.is_some() {
        // Its project must free what it asks for (a fraction, at least) and what its
        // project's blocked workloads ahead of it ask for, which take the released GPUs
        // first, or all it holds if that is less (the project's quota and limit are not
        // in the API); holding nothing, releases cannot help.
        let held: f64 = project_holders.iter().map(|h| h.gpus).sum();
        let siblings_ahead: f64 = line
            .blocked
            .iter()
            .filter(|e| e.project == target.project)
            .map(|e| e.gpus)
            .sum();
        let needed = (target.gpus.max(0.25) + siblings_ahead).min(held);
        let tries = Basis::FOR_BLOCKED.map(|basis| match basis {
            Basis::ProjectRuns | Basis::PoolRuns => {
                let project = (basis == Basis::ProjectRuns).then_some(target.project.as_str());
                let (finished, running) = run_times(target, project, reads.left.iter());
                let estimate = if needed > 0.0 {
                    estimate_release(project_holders, &finished, &running, needed)
                        .at_least_as_long_again(waited_s)
                } else {
                    WaitEstimate::NotEnoughHistory {
                        sample: finished.len(),
                    }
                };
                (basis, estimate)
            }
            _ => try_basis(basis, &reads.left, &reads.waiting),
        });
        return Ok(first_range(tries));
    }
    let in_pools = first_range(
        [Basis::SimilarInPools, Basis::AnyInPools]
            .map(|basis| try_basis(basis, &reads.left, &reads.waiting)),
    );
    if in_pools.is_likely() {
        return Ok(in_pools);
    }
    // The whole cluster: the lists of every pool (shared by everyone widening).
    let [waiting, _, started, started_deleted] = queries(None, history_since(now_ms))?;
    let (waiting, started, started_deleted) = tokio::join!(
        lists.list(&waiting),
        lists.list(&started),
        lists.list(&started_deleted),
    );
    let mut left = Gathered::default();
    left.add(started?);
    left.add(started_deleted?);
    let mut waiting_all = Gathered::default();
    waiting_all.add(waiting?);
    let widened = first_range(
        [Basis::SimilarInCluster, Basis::AnyInCluster]
            .map(|basis| try_basis(basis, &left, &waiting_all)),
    );
    if widened.is_likely() {
        return Ok(widened);
    }
    // Last, the structure of its pools: when their running workloads free what it and
    // those ahead of it ask for.
    let pool_holders = holders(lists, target, false).await?;
    let (finished, running) = run_times(target, None, reads.left.iter());
    let needed = target.gpus + line.ahead.iter().map(|e| e.gpus).sum::<f64>();
    let released = first_range([(
        Basis::PoolReleases,
        estimate_release(&pool_holders, &finished, &running, needed.max(0.25))
            .at_least_as_long_again(waited_s),
    )]);
    Ok(if released.is_likely() {
        released
    } else {
        in_pools
    })
}
