//! The list calls a queue is worked out from, and a workload as the queue sees it
//! (server only). The queries' words do not depend on the workload asking, so everyone
//! looking at the same node pools shares them through the read cache.

use runai::{
    model::{Timestamp, Workload},
    query::{Filter, FilterField, FilterOp, ListQuery, SortBy, SortOrder, WorkloadSelection},
};

use super::{Basis, Blocked, Holder, QueueEntry, similar_request};
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

/// The node pools a workload asked for, else those it runs in; empty: any.
fn pools_of(w: &Workload) -> &[String] {
    match w.requested_node_pools.as_deref() {
        Some(pools) if !pools.is_empty() => pools,
        _ => w.current_node_pools.as_deref().unwrap_or_default(),
    }
}

/// Whether `w` waits for (or holds) the capacity `target` waits for, as [`super::competes`]
/// says of their entries, without copying `w` into one (it is asked of every workload
/// of a history, for every pending workload of a queue).
pub fn competes_with(target: &QueueEntry, w: &Workload) -> bool {
    let mut buffer = uuid::Uuid::encode_buffer();
    let cluster = w.cluster_id.as_hyphenated().encode_lower(&mut buffer);
    let pools = pools_of(w);
    *cluster == target.cluster_id
        && (target.node_pools.is_empty()
            || pools.is_empty()
            || pools.iter().any(|pool| target.node_pools.contains(pool)))
}

/// A workload as the queue sees it.
pub fn entry(w: &Workload) -> QueueEntry {
    let pools = pools_of(w).to_vec();
    QueueEntry {
        id: w.id.to_string(),
        name: w.name.clone(),
        project: w.project_name.clone(),
        cluster_id: w.cluster_id.to_string(),
        priority: w.priority,
        created_at_ms: w.created_at.unix_millis(),
        node_pools: pools,
        gpus: requested_gpus(w),
        blocked: w
            .phase_reason
            .as_ref()
            .and_then(|reason| Blocked::from_phase_reason(reason.as_str())),
    }
}

/// The list query for the workloads holding GPUs in `pool` (`None`: any pool), of
/// `project` only if given: what a pending workload waits on to release GPUs. Its words
/// depend only on the project and pool, so everyone waiting on them shares it.
pub fn holders_query(project: Option<&str>, pool: Option<&str>) -> Result<ListQuery, AppError> {
    let filter = |field, op, value: String| {
        Filter::new(field, op, value).map_err(|err| AppError::internal(err.to_string()))
    };
    let mut filter_by = vec![filter(
        FilterField::AllocatedGpu,
        FilterOp::Ge,
        "0.01".to_owned(),
    )?];
    if let Some(project) = project {
        filter_by.push(filter(
            FilterField::ProjectName,
            FilterOp::Eq,
            project.to_owned(),
        )?);
    }
    if let Some(pool) = pool {
        filter_by.push(filter(
            FilterField::Nodepool,
            FilterOp::Eq,
            pool.to_owned(),
        )?);
    }
    Ok(ListQuery {
        selection: WorkloadSelection {
            deleted: None,
            filter_by,
            search: None,
        },
        offset: None,
        limit: Some(LIST_LIMIT),
        sort_by: Some(SortBy::CreatedAt),
        sort_order: Some(SortOrder::Asc),
    })
}

/// GPUs a workload holds now.
pub fn allocated_gpus(w: &Workload) -> f64 {
    w.allocated_resources
        .as_ref()
        .and_then(|r| r.gpu.get())
        .unwrap_or(0.0)
}

/// A workload holding GPUs, as the release estimate sees it.
pub fn holder(w: &Workload) -> Holder {
    Holder {
        gpus: allocated_gpus(w),
        ran_s: w.total_running_time_seconds.get().unwrap_or(0) as f64,
    }
}

/// Run times of the workloads that left the queue (`left`) in `target`'s node pools,
/// of `project` only if given: finished ones (holding no GPUs any more), then the run
/// times so far of those still holding GPUs.
pub fn run_times<'a>(
    target: &QueueEntry,
    project: Option<&str>,
    left: impl IntoIterator<Item = &'a Workload>,
) -> (Vec<f64>, Vec<f64>) {
    let mut finished = Vec::new();
    let mut running = Vec::new();
    for w in left {
        if project.is_some_and(|p| p != w.project_name) || !competes_with(target, w) {
            continue;
        }
        let Some(ran) = w.total_running_time_seconds.get().filter(|ran| *ran > 0) else {
            continue;
        };
        if allocated_gpus(w) > 0.0 {
            running.push(ran as f64);
        } else {
            finished.push(ran as f64);
        }
    }
    (finished, running)
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
/// a shared node pool) with a GPU request like its own: the history its estimate reads
/// first.
pub fn history_waits<'a>(
    target: &QueueEntry,
    started: impl IntoIterator<Item = &'a Workload>,
) -> Vec<f64> {
    waits_for(target, Basis::SimilarInPools, started)
}

/// The total waits of the workloads in `started` that `basis` counts as like `target`
/// (a basis of waits; a basis of run times reads none).
pub fn waits_for<'a>(
    target: &QueueEntry,
    basis: Basis,
    started: impl IntoIterator<Item = &'a Workload>,
) -> Vec<f64> {
    let (similar_only, pools_only) = match basis {
        Basis::SimilarInPools => (true, true),
        Basis::AnyInPools | Basis::ProjectWaits => (false, true),
        Basis::SimilarInCluster => (true, false),
        Basis::AnyInCluster => (false, false),
        Basis::ProjectRuns | Basis::PoolRuns | Basis::PoolReleases => return Vec::new(),
    };
    let own_project = basis == Basis::ProjectWaits;
    started
        .into_iter()
        .filter(|w| !own_project || w.project_name == target.project)
        .filter(|w| !similar_only || similar_request(requested_gpus(w), target.gpus))
        .filter(|w| {
            if pools_only {
                competes_with(target, w)
            } else {
                let mut buffer = uuid::Uuid::encode_buffer();
                *w.cluster_id.as_hyphenated().encode_lower(&mut buffer) == target.cluster_id
            }
        })
        .filter_map(|w| w.total_pending_time_seconds.get())
        .map(|wait| wait as f64)
        .collect()
}
