//! A pending workload's standing worked out from list reads (server only): the lists,
//! then its line, reason and estimate. Every query's words depend on the node pools
//! (and, for a blocked workload, its project), never on the workload asking, so the
//! read cache shares them among everyone looking at the same pools. The lists come
//! from a [`ListSource`]: the upstream as the viewer, or (in the calibration benchmark)
//! the simulator at a given instant.

use std::{
    collections::{HashMap, HashSet},
    future::Future,
    sync::{Arc, Mutex},
};

use runai::{
    client::{Credentials, RunaiClient},
    model::{PendingSchedulingMessage, Phase, Workload, WorkloadList},
    query::ListQuery,
};

use super::{
    Basis, Holder, QueueEntry, QueueEstimate, QueueLine, WaitEstimate, WaitReason,
    estimate_release, estimate_wait, first_range,
    lists::{competes_with, entry, holder, holders_query, queries, run_times, waits_for},
    queue_line,
    standing::{HISTORY_DAYS, HiddenCount, IdleHolder, QueueStanding},
};
use crate::error::AppError;

/// Where list reads come from.
pub trait ListSource {
    /// The answer to one list query.
    fn list(
        &self,
        query: &ListQuery,
    ) -> impl Future<Output = Result<Arc<WorkloadList>, AppError>> + Send;

    /// The same query read with a key that sees every project, only to count what the
    /// viewer cannot see (never to name it); `None` when there is no such key, counting
    /// is turned off, or the read failed (a count is an extra: its absence is said).
    fn list_everything(
        &self,
        query: &ListQuery,
    ) -> impl Future<Output = Option<Arc<WorkloadList>>> + Send;
}

/// The key that counts the pending workloads a viewer may not see (the collector's),
/// provided by the server as context; `None`: they are not counted.
#[derive(Clone, Default)]
pub struct HiddenCounter(pub Option<Credentials>);

/// The upstream, read as the viewer (through the read cache).
pub struct AsViewer<'a> {
    pub client: &'a RunaiClient,
    pub credentials: &'a Credentials,
    /// The key that counts what the viewer cannot see, if any.
    pub counter: Option<&'a Credentials>,
}

impl ListSource for AsViewer<'_> {
    async fn list(&self, query: &ListQuery) -> Result<Arc<WorkloadList>, AppError> {
        Ok(self.client.list_workloads(self.credentials, query).await?)
    }

    async fn list_everything(&self, query: &ListQuery) -> Option<Arc<WorkloadList>> {
        // A failed count is not an error of the panel: the position then says it does
        // not count them.
        self.client.list_workloads(self.counter?, query).await.ok()
    }
}

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
    let key = (target.cluster_id.clone(), pools_of(&target));
    let known = memo
        .reads
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&key)
        .cloned();
    let reads = match known {
        Some(reads) => reads,
        None => {
            let reads = Arc::new(read_pools(lists, &target, now_ms).await?);
            memo.reads
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(key, reads.clone());
            reads
        }
    };
    let line = queue_line(&target, &reads.pending);
    let waited_s = workload.total_pending_time_seconds.get().unwrap_or(0);
    let project_holders = match target.blocked {
        Some(_) => holders(lists, &target, true).await?,
        None => Vec::new(),
    };
    let reason = reason(workload, said, &target, &line, &reads, &project_holders);
    let estimate = estimate(
        lists,
        &target,
        waited_s as f64,
        &reads,
        &project_holders,
        &line,
        now_ms,
    )
    .await?;
    // Those the viewer cannot see count in the position, and are never named.
    let hidden = reads.hidden.as_ref().map(|hidden| {
        let line = queue_line(&target, hidden);
        HiddenCount {
            ahead: line.ahead.len(),
            competing: line.competing - 1,
        }
    });
    let (hidden_ahead, hidden_competing) = hidden.map_or((0, 0), |h| (h.ahead, h.competing));
    Ok(Some(QueueStanding {
        node_pools: target.node_pools.clone(),
        blocked: target.blocked,
        position: line.ahead.len() + hidden_ahead + 1,
        competing: line.competing + hidden_competing,
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

/// Node pools looked at, at most (a workload names one or two).
const MAX_POOLS: usize = 4;

/// What the lists of a workload's node pools say.
pub struct PoolReads {
    /// Pending workloads of those pools, as the queue sees them.
    pending: Vec<QueueEntry>,
    /// The same, as the API gave them (the history of those still waiting).
    waiting: Gathered,
    /// Workloads created within the history window that left the queue.
    left: Gathered,
    idle_holders: Vec<IdleHolder>,
    /// Pending workloads of those pools the viewer cannot see, if they are counted.
    hidden: Option<Vec<QueueEntry>>,
}

/// Workloads from several list answers, each once, without copying them.
#[derive(Default)]
pub(super) struct Gathered {
    answers: Vec<Arc<WorkloadList>>,
}

impl Gathered {
    pub(super) fn add(&mut self, answer: Arc<WorkloadList>) {
        self.answers.push(answer);
    }

    /// Every workload once, in the order the answers listed them.
    pub(super) fn iter(&self) -> impl Iterator<Item = &Workload> {
        let mut seen = HashSet::new();
        self.answers
            .iter()
            .flat_map(|answer| answer.workloads.iter())
            .filter(move |w| seen.insert(w.id))
    }
}

/// The pools `target` waits in, as list filters (`None`: any pool).
fn pools_of(target: &QueueEntry) -> Vec<Option<String>> {
    match target.node_pools.as_slice() {
        [] => vec![None],
        pools => pools.iter().take(MAX_POOLS).cloned().map(Some).collect(),
    }
}

/// The history's start, on a whole hour: the same words for an hour, so one call.
pub(super) fn history_since(now_ms: i64) -> i64 {
    ledger::calendar::hour_floor(now_ms - HISTORY_DAYS * ledger::calendar::DAY_MS)
}

/// Reads the lists of `target`'s node pools (`None` as the only pool: the whole set the
/// viewer can see).
async fn read_pools(
    lists: &impl ListSource,
    target: &QueueEntry,
    now_ms: i64,
) -> Result<PoolReads, AppError> {
    let mut reads = PoolReads {
        pending: Vec::new(),
        waiting: Gathered::default(),
        left: Gathered::default(),
        idle_holders: Vec::new(),
        hidden: None,
    };
    let mut idle = Gathered::default();
    let mut everything = Some(Gathered::default());
    for pool in pools_of(target) {
        let [waiting, idle_query, started, started_deleted] =
            queries(pool.as_deref(), history_since(now_ms))?;
        let (waiting_answer, idle_answer, started, started_deleted, all_waiting) = tokio::join!(
            lists.list(&waiting),
            lists.list(&idle_query),
            lists.list(&started),
            lists.list(&started_deleted),
            lists.list_everything(&waiting),
        );
        everything = everything.zip(all_waiting).map(|(mut all, answer)| {
            all.add(answer);
            all
        });
        reads.waiting.add(waiting_answer?);
        idle.add(idle_answer?);
        reads.left.add(started?);
        reads.left.add(started_deleted?);
    }
    reads.pending = reads.waiting.iter().map(entry).collect();
    reads.hidden = everything.map(|all| {
        let seen: HashSet<&str> = reads.pending.iter().map(|e| e.id.as_str()).collect();
        all.iter()
            .map(entry)
            .filter(|e| !seen.contains(e.id.as_str()))
            .collect()
    });
    reads.idle_holders = idle
        .iter()
        .filter(|w| competes_with(target, w))
        .map(|w| IdleHolder {
            id: w.id.to_string(),
            name: w.name.clone(),
            project: w.project_name.clone(),
            idle_gpus: w.idle_allocated_gpus.get().unwrap_or(0.0),
        })
        .collect();
    Ok(reads)
}

/// The running workloads holding GPUs in `target`'s node pools, of its own project only
/// if `own_project` (what a workload its project blocks waits on).
async fn holders(
    lists: &impl ListSource,
    target: &QueueEntry,
    own_project: bool,
) -> Result<Vec<Holder>, AppError> {
    let project = own_project.then_some(target.project.as_str());
    let mut seen = Gathered::default();
    for pool in pools_of(target) {
        seen.add(
            lists
                .list(&holders_query(project, pool.as_deref())?)
                .await?,
        );
    }
    Ok(seen
        .iter()
        .filter(|w| competes_with(target, w))
        .map(holder)
        .collect())
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
        // Its project must free what it asks for (a fraction, at least), or all it holds
        // if that is less (the project's limit is not in the API); holding nothing,
        // releases cannot help.
        let held: f64 = project_holders.iter().map(|h| h.gpus).sum();
        let needed = target.gpus.max(0.25).min(held);
        let tries = Basis::FOR_BLOCKED.map(|basis| match basis {
            Basis::ProjectRuns | Basis::PoolRuns => {
                let project = (basis == Basis::ProjectRuns).then_some(target.project.as_str());
                let (finished, running) = run_times(target, project, reads.left.iter());
                let estimate = if needed > 0.0 {
                    estimate_release(project_holders, &finished, &running, needed)
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
        estimate_release(&pool_holders, &finished, &running, needed.max(0.25)),
    )]);
    Ok(if released.is_likely() {
        released
    } else {
        in_pools
    })
}
