//! The list calls a queue is worked out from, and a workload as the queue sees it
//! (server only). The queries' words do not depend on the workload asking, so everyone
//! looking at the same node pools shares them through the read cache.

use runai::{
    model::{Timestamp, Workload},
    query::{Filter, FilterField, FilterOp, ListQuery, SortBy, SortOrder, WorkloadSelection},
};

use super::{QueueEntry, competes, similar_request};
use crate::error::AppError;

/// Rows per list call: the API's largest page.
const LIST_LIMIT: u16 = 500;

/// The four list queries for one node pool (`None`: every pool): who waits (the first,
/// also what the table numbers its pending rows by), who holds idle GPUs, and who
/// started since `since_ms`, live and deleted.
pub fn queries(pool: Option<&str>, since_ms: i64) -> Result<[ListQuery; 4], AppError> {
    let since = Timestamp::from_unix_millis(since_ms)
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
pub fn entry(w: &Workload) -> QueueEntry {
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
        cluster_id: w.cluster_id.to_string(),
        priority: w.priority,
        created_at_ms: w.created_at.unix_millis(),
        node_pools: pools,
        gpus: requested_gpus(w),
    }
}

/// GPUs a workload asks for (devices or fractions; a request by memory counts as 0).
pub fn requested_gpus(w: &Workload) -> f64 {
    w.workload_requested_resources
        .as_ref()
        .and_then(|r| r.gpu.as_ref())
        .and_then(|g| g.request.get())
        .unwrap_or(0.0)
}

/// The total waits of workloads that left the queue where `target` waits (same cluster,
/// a shared node pool) with a GPU request like its own: the history its estimate reads.
pub fn history_waits<'a>(
    target: &QueueEntry,
    started: impl IntoIterator<Item = &'a Workload>,
) -> Vec<f64> {
    started
        .into_iter()
        .filter(|w| similar_request(requested_gpus(w), target.gpus))
        .filter(|w| competes(target, &entry(w)))
        .filter_map(|w| w.total_pending_time_seconds.get())
        .map(|wait| wait as f64)
        .collect()
}
