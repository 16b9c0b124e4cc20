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
/// Rows per list call: the API's largest page.
#[cfg(feature = "ssr")]
const LIST_LIMIT: u16 = 500;

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

    use crate::queue::{estimate_wait, queue_ahead, similar_request};

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
    let since_ms = (now_ms - HISTORY_DAYS * 86_400_000) / 3_600_000 * 3_600_000;
    let mut pending: Vec<QueueEntry> = Vec::new();
    let mut holders: Vec<IdleHolder> = Vec::new();
    let mut waits: Vec<f64> = Vec::new();
    for pool in &pools {
        let [waiting, idle, started, started_deleted] = queries(pool.as_deref(), since_ms)?;
        let (waiting, idle, started, started_deleted) = tokio::join!(
            client.list_workloads(&credentials, &waiting),
            client.list_workloads(&credentials, &idle),
            client.list_workloads(&credentials, &started),
            client.list_workloads(&credentials, &started_deleted),
        );
        for w in waiting?.workloads {
            if !pending.iter().any(|p| p.id == w.id.to_string()) {
                pending.push(entry(&w));
            }
        }
        for w in idle?.workloads {
            if !holders.iter().any(|h| h.id == w.id.to_string()) {
                holders.push(IdleHolder {
                    id: w.id.to_string(),
                    name: w.name.clone(),
                    project: w.project_name.clone(),
                    idle_gpus: w.idle_allocated_gpus.get().unwrap_or(0.0),
                });
            }
        }
        for w in started?.workloads.iter().chain(&started_deleted?.workloads) {
            if similar_request(requested_gpus(w), target.gpus)
                && let Some(wait) = w.total_pending_time_seconds.get()
            {
                waits.push(wait as f64);
            }
        }
    }
    let ahead: Vec<QueueEntry> = queue_ahead(&target, &pending)
        .into_iter()
        .cloned()
        .collect();
    let competing = pending.iter().filter(|p| p.id != target.id).count() + 1;
    let waited_s = workload.total_pending_time_seconds.get().unwrap_or(0);
    Ok(Some(QueueStanding {
        node_pools: target.node_pools.clone(),
        position: ahead.len() + 1,
        competing,
        ahead,
        idle_holders: holders,
        waited_s,
        estimate: estimate_wait(&waits, waited_s as f64),
        at_ms: now_ms,
    }))
}

/// The four list queries for one node pool (`None`: every pool): who waits, who holds
/// idle GPUs, and who started since `since_ms`, live and deleted.
#[cfg(feature = "ssr")]
fn queries(pool: Option<&str>, since_ms: i64) -> Result<[runai::query::ListQuery; 4], AppError> {
    use runai::query::{
        Filter, FilterField, FilterOp, ListQuery, SortBy, SortOrder, WorkloadSelection,
    };

    let since = runai::model::Timestamp::from_unix_millis(since_ms)
        .ok_or_else(|| AppError::internal("the clock is out of range"))?;
    let filter = |field, op, value: String| {
        Filter::new(field, op, value).map_err(|err| AppError::internal(err.to_string()))
    };
    let in_pool = |mut filters: Vec<Filter>| -> Result<Vec<Filter>, AppError> {
        if let Some(pool) = pool {
            filters.push(filter(
                FilterField::Nodepool,
                FilterOp::Eq,
                pool.to_owned(),
            )?);
        }
        Ok(filters)
    };
    let list = |filter_by: Vec<Filter>,
                deleted: Option<bool>,
                sort_by: SortBy,
                order: SortOrder| ListQuery {
        selection: WorkloadSelection {
            deleted,
            filter_by,
            search: None,
        },
        offset: None,
        limit: Some(LIST_LIMIT),
        sort_by: Some(sort_by),
        sort_order: Some(order),
    };
    let pending = filter(FilterField::Phase, FilterOp::Eq, "Pending".to_owned())?;
    let not_pending = filter(FilterField::Phase, FilterOp::Ne, "Pending".to_owned())?;
    let idle = filter(
        FilterField::IdleAllocatedGpus,
        FilterOp::Ge,
        "0.01".to_owned(),
    )?;
    let recent = filter(FilterField::CreatedAt, FilterOp::Ge, since.to_string())?;
    let mut idle_query = list(
        in_pool(vec![idle])?,
        None,
        SortBy::IdleAllocatedGpus,
        SortOrder::Desc,
    );
    idle_query.limit = Some(20);
    Ok([
        list(
            in_pool(vec![pending])?,
            None,
            SortBy::CreatedAt,
            SortOrder::Asc,
        ),
        idle_query,
        list(
            in_pool(vec![not_pending.clone(), recent.clone()])?,
            None,
            SortBy::CreatedAt,
            SortOrder::Desc,
        ),
        list(
            in_pool(vec![not_pending, recent])?,
            Some(true),
            SortBy::CreatedAt,
            SortOrder::Desc,
        ),
    ])
}

/// A workload as the queue sees it.
#[cfg(feature = "ssr")]
fn entry(w: &runai::model::Workload) -> QueueEntry {
    let pools = w
        .requested_node_pools
        .clone()
        .filter(|pools| !pools.is_empty())
        .or_else(|| w.current_node_pools.clone())
        .unwrap_or_default();
    QueueEntry {
        id: w.id.to_string(),
        name: w.name.clone(),
        project: w.project_name.clone(),
        priority: w.priority,
        created_at_ms: w.created_at.unix_millis(),
        node_pools: pools,
        gpus: requested_gpus(w),
    }
}

/// GPUs a workload asks for (devices or fractions; a request by memory counts as 0).
#[cfg(feature = "ssr")]
fn requested_gpus(w: &runai::model::Workload) -> f64 {
    w.workload_requested_resources
        .as_ref()
        .and_then(|r| r.gpu.as_ref())
        .and_then(|g| g.request.get())
        .unwrap_or(0.0)
}
