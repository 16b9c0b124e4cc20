//! The queue panel's server function: a pending workload's standing in its node pools,
//! from a handful of list calls per node pool whose words do not depend on the workload
//! (so everyone looking at the same node pools shares them through the read cache).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    error::AppError,
    queue::{QueueEntry, WaitEstimate},
};

/// How far back the history of waits reaches.
pub const HISTORY_DAYS: i64 = 7;
/// Node pools looked at, at most (a workload names one or two).
#[cfg(feature = "ssr")]
const MAX_POOLS: usize = 4;

/// A running workload holding allocated GPUs that do nothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IdleHolder {
    pub id: String,
    pub name: String,
    pub project: String,
    pub idle_gpus: f64,
}

/// Where a pending workload stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueStanding {
    /// The node pools it waits for (empty: any).
    pub node_pools: Vec<String>,
    /// 1 for the next to be considered.
    pub position: usize,
    /// Pending workloads competing for those node pools, itself included.
    pub competing: usize,
    /// The ones ahead, in the scheduler's order.
    pub ahead: Vec<QueueEntry>,
    /// Who holds idle GPUs in those node pools right now.
    pub idle_holders: Vec<IdleHolder>,
    /// Seconds it has waited so far.
    pub waited_s: i64,
    pub estimate: WaitEstimate,
    /// When the answer was put together (Unix milliseconds).
    pub at_ms: i64,
}

/// The standing of workload `id`, or `None` when it is not pending.
#[server(endpoint = "workload_queue")]
pub async fn get_workload_queue(id: Uuid) -> Result<Option<QueueStanding>, AppError> {
    use runai::model::Phase;

    use crate::queue::{
        competes, estimate_wait,
        lists::{entry, history_waits, queries},
        queue_ahead,
    };

    let (upstream, credentials) = crate::caller::upstream_call()?;
    let client = &upstream.client;
    let detail = client.get_workload(&credentials, id).await?;
    let workload = &detail.workload;
    if workload.phase != Phase::Pending {
        return Ok(None);
    }
    let target = entry(workload);
    let pools: Vec<Option<String>> = match target.node_pools.as_slice() {
        [] => vec![None],
        pools => pools.iter().take(MAX_POOLS).cloned().map(Some).collect(),
    };
    let now_ms = runai::model::Timestamp::now().unix_millis();
    // The history's start on a whole hour: the same words for an hour, so one call.
    let since_ms = ledger::calendar::hour_floor(now_ms - HISTORY_DAYS * ledger::calendar::DAY_MS);
    let mut pending: Vec<QueueEntry> = Vec::new();
    let mut holders: Vec<IdleHolder> = Vec::new();
    let mut left_queue: Vec<runai::model::Workload> = Vec::new();
    let mut still_waiting: Vec<runai::model::Workload> = Vec::new();
    for pool in &pools {
        let [waiting, idle, started, started_deleted] = queries(pool.as_deref(), since_ms)?;
        let (waiting, idle, started, started_deleted) = tokio::join!(
            client.list_workloads(&credentials, &waiting),
            client.list_workloads(&credentials, &idle),
            client.list_workloads(&credentials, &started),
            client.list_workloads(&credentials, &started_deleted),
        );
        for w in &waiting?.workloads {
            if !pending.iter().any(|p| p.id == w.id.to_string()) {
                pending.push(entry(w));
                still_waiting.push(w.clone());
            }
        }
        for w in &idle?.workloads {
            if competes(&target, &entry(w)) && !holders.iter().any(|h| h.id == w.id.to_string()) {
                holders.push(IdleHolder {
                    id: w.id.to_string(),
                    name: w.name.clone(),
                    project: w.project_name.clone(),
                    idle_gpus: w.idle_allocated_gpus.get().unwrap_or(0.0),
                });
            }
        }
        let (started, started_deleted) = (started?, started_deleted?);
        for w in started.workloads.iter().chain(&started_deleted.workloads) {
            if !left_queue.iter().any(|seen| seen.id == w.id) {
                left_queue.push(w.clone());
            }
        }
    }
    let started = history_waits(&target, &left_queue);
    let waiting = history_waits(&target, still_waiting.iter().filter(|w| w.id != id));
    let ahead: Vec<QueueEntry> = queue_ahead(&target, &pending)
        .into_iter()
        .cloned()
        .collect();
    let competing = pending
        .iter()
        .filter(|p| p.id != target.id && competes(&target, p))
        .count()
        + 1;
    let waited_s = workload.total_pending_time_seconds.get().unwrap_or(0);
    Ok(Some(QueueStanding {
        node_pools: target.node_pools.clone(),
        position: ahead.len() + 1,
        competing,
        ahead,
        idle_holders: holders,
        waited_s,
        estimate: estimate_wait(&started, &waiting, waited_s as f64),
        at_ms: now_ms,
    }))
}
