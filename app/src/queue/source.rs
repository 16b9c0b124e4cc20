//! Where a queue's list reads come from (server only), and what the lists of a
//! workload's node pools are gathered into: who waits there, who left the queue within
//! the history window, who holds idle GPUs, and (counted, never named) who waits there
//! that the viewer cannot see.

use std::{
    collections::{HashMap, HashSet},
    future::Future,
    sync::{Arc, Mutex},
};

use runai::{
    client::{Credentials, RunaiClient},
    model::{Workload, WorkloadList},
    query::ListQuery,
};

use super::{
    Holder, QueueEntry,
    lists::{competes_with, entry, holder, holders_query, queries},
    standing::{HISTORY_DAYS, IdleHolder},
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

/// A source asked each query once, however many workloads ask it: what one pass over
/// many pending workloads reads through (an alert rule's, the calibration benchmark's
/// instant), so the pools they share cost one read each.
pub struct EachQueryOnce<S> {
    inner: S,
    answers: Mutex<HashMap<String, Arc<WorkloadList>>>,
}

impl<S> EachQueryOnce<S> {
    /// `inner`, each query of which is answered once.
    pub fn new(inner: S) -> Self {
        Self {
            inner,
            answers: Mutex::new(HashMap::new()),
        }
    }
}

impl<S: ListSource + Sync> ListSource for EachQueryOnce<S> {
    async fn list(&self, query: &ListQuery) -> Result<Arc<WorkloadList>, AppError> {
        let key = query.to_query_string();
        let known = self
            .answers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned();
        if let Some(answer) = known {
            return Ok(answer);
        }
        let answer = self.inner.list(query).await?;
        self.answers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, answer.clone());
        Ok(answer)
    }

    async fn list_everything(&self, query: &ListQuery) -> Option<Arc<WorkloadList>> {
        self.inner.list_everything(query).await
    }
}

/// Node pools looked at, at most (a workload names one or two).
const MAX_POOLS: usize = 4;

/// What the lists of a workload's node pools say.
pub(super) struct PoolReads {
    /// Pending workloads of those pools, as the queue sees them.
    pub(super) pending: Vec<QueueEntry>,
    /// The same, as the API gave them (the history of those still waiting).
    pub(super) waiting: Gathered,
    /// Workloads created within the history window that left the queue.
    pub(super) left: Gathered,
    pub(super) idle_holders: Vec<IdleHolder>,
    /// Pending workloads of those pools, with those the viewer cannot see when they
    /// are counted (`hidden_counted`); only ever counted, never named.
    pub(super) everyone: Vec<QueueEntry>,
    pub(super) hidden_counted: bool,
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
pub(super) fn pools_of(target: &QueueEntry) -> Vec<Option<String>> {
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
pub(super) async fn read_pools(
    lists: &impl ListSource,
    target: &QueueEntry,
    now_ms: i64,
) -> Result<PoolReads, AppError> {
    let mut reads = PoolReads {
        pending: Vec::new(),
        waiting: Gathered::default(),
        left: Gathered::default(),
        idle_holders: Vec::new(),
        everyone: Vec::new(),
        hidden_counted: false,
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
    reads.everyone = reads.pending.clone();
    if let Some(all) = everything {
        let seen: HashSet<&str> = reads.pending.iter().map(|e| e.id.as_str()).collect();
        let hidden: Vec<QueueEntry> = all
            .iter()
            .map(entry)
            .filter(|e| !seen.contains(e.id.as_str()))
            .collect();
        reads.everyone.extend(hidden);
        reads.hidden_counted = true;
    }
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
pub(super) async fn holders(
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// An upstream that counts the queries it is asked.
    #[derive(Default)]
    struct Counting(AtomicUsize);

    impl ListSource for Counting {
        async fn list(&self, _: &ListQuery) -> Result<Arc<WorkloadList>, AppError> {
            self.0.fetch_add(1, Ordering::Relaxed);
            Ok(Arc::new(WorkloadList {
                next: None,
                workloads: Vec::new(),
            }))
        }

        async fn list_everything(&self, _: &ListQuery) -> Option<Arc<WorkloadList>> {
            None
        }
    }

    #[tokio::test]
    async fn each_query_is_asked_once_however_many_ask_it() {
        let once = EachQueryOnce::new(Counting::default());
        let [waiting, idle, ..] = queries(Some("h100"), 0).unwrap();
        for _ in 0..3 {
            once.list(&waiting).await.unwrap();
        }
        once.list(&idle).await.unwrap();
        assert_eq!(once.inner.0.load(Ordering::Relaxed), 2);
    }
}
