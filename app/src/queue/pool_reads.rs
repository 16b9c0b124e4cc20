//! Whole node pools' queues (server only), for the queue page: each pool's pending
//! workloads in the scheduler's order with the standing the workload page shows (worked
//! out by the same code from the same shared list calls, so the positions agree), what
//! the pool's GPUs are doing, and the running workloads most likely to free GPUs next.

use std::collections::BTreeMap;

use runai::model::Workload;

use super::{
    QueueEntry, in_scheduler_order, likely_end,
    lists::{allocated_gpus, entry, holders_query, queries, run_times},
    reads::{ListSource, Memo, work_out_with},
    source::{Gathered, history_since},
    standing::{LikelyFree, PoolQueue, QueueRow},
};
use crate::error::AppError;

/// Node pools shown at most (a cluster has a handful).
pub const MAX_POOLS: usize = 12;
/// Rows per pool at most, in the scheduler's order.
pub const MAX_ROWS: usize = 50;
/// Running workloads listed as likely to free GPUs next, per pool.
const NEXT_TO_FREE: usize = 5;

/// The queues of `pool` (`None`: every pool with pending workloads), rows narrowed to
/// `project` if given (positions still count every workload), at `now_ms`.
pub async fn pool_queues(
    lists: &impl ListSource,
    pool: Option<&str>,
    project: Option<&str>,
    now_ms: i64,
) -> Result<Vec<PoolQueue>, AppError> {
    let since = history_since(now_ms);
    let [pending, ..] = queries(pool, since)?;
    let pending = lists.list(&pending).await?;
    // Each pool of each cluster is its own queue; "" holds those that may run anywhere.
    let mut groups: BTreeMap<(String, String), Vec<&Workload>> = BTreeMap::new();
    for w in &pending.workloads {
        let e = entry(w);
        let pools = if e.node_pools.is_empty() {
            vec![String::new()]
        } else {
            e.node_pools.clone()
        };
        for p in pools
            .into_iter()
            .filter(|p| pool.is_none_or(|only| only == p))
        {
            groups.entry((e.cluster_id.clone(), p)).or_default().push(w);
        }
    }
    let memo = Memo::default();
    let mut queues = Vec::new();
    for ((cluster_id, pool_name), members) in groups.into_iter().take(MAX_POOLS) {
        let mut order: Vec<QueueEntry> = members.iter().map(|w| entry(w)).collect();
        in_scheduler_order(&mut order);
        let mut rows = Vec::new();
        for e in order
            .iter()
            .filter(|e| project.is_none_or(|p| p == e.project))
            .take(MAX_ROWS)
        {
            let Some(w) = members.iter().find(|w| w.id.to_string() == e.id) else {
                continue;
            };
            let Some(standing) = work_out_with(lists, &memo, w, &[], now_ms).await? else {
                continue;
            };
            rows.push(QueueRow {
                entry: e.clone(),
                position: standing.blocked.is_none().then_some(standing.position),
                waited_s: standing.waited_s,
                reason: standing.reason,
                estimate: standing.estimate,
            });
        }
        let mut queue = PoolQueue {
            cluster_id,
            pool: pool_name,
            pending: members.len(),
            all_read: pending.next.is_none(),
            rows,
            allocated_gpus: 0.0,
            idle_gpus: 0.0,
            next_to_free: Vec::new(),
        };
        if !queue.pool.is_empty() {
            gpus_of(lists, &mut queue, since).await?;
        }
        queues.push(queue);
    }
    Ok(queues)
}

/// What `queue`'s pool's GPUs are doing, and who is likely to free some next.
async fn gpus_of(
    lists: &impl ListSource,
    queue: &mut PoolQueue,
    since: i64,
) -> Result<(), AppError> {
    let pool = Some(queue.pool.as_str());
    let holding = lists.list(&holders_query(None, pool)?).await?;
    let [_, _, started, started_deleted] = queries(pool, since)?;
    let mut left = Gathered::default();
    left.add(lists.list(&started).await?);
    left.add(lists.list(&started_deleted).await?);
    // The pool as a queue entry: what its runs are compared with.
    let here = QueueEntry {
        id: String::new(),
        name: String::new(),
        project: String::new(),
        cluster_id: queue.cluster_id.clone(),
        priority: None,
        created_at_ms: 0,
        node_pools: vec![queue.pool.clone()],
        gpus: 0.0,
        blocked: None,
    };
    let (finished, running) = run_times(&here, None, left.iter());
    let mut next = Vec::new();
    for w in holding
        .workloads
        .iter()
        .filter(|w| w.cluster_id.to_string() == queue.cluster_id)
    {
        queue.allocated_gpus += allocated_gpus(w);
        queue.idle_gpus += w.idle_allocated_gpus.get().unwrap_or(0.0);
        let ran_s = w.total_running_time_seconds.get().unwrap_or(0) as f64;
        next.push(LikelyFree {
            id: w.id.to_string(),
            name: w.name.clone(),
            project: w.project_name.clone(),
            gpus: allocated_gpus(w),
            ran_s,
            likely_in_s: likely_end(&finished, &running, ran_s),
        });
    }
    // Soonest first, of those the history can speak for.
    next.retain(|n| n.likely_in_s.is_some());
    next.sort_by(|a, b| {
        a.likely_in_s
            .unwrap_or(f64::INFINITY)
            .total_cmp(&b.likely_in_s.unwrap_or(f64::INFINITY))
    });
    next.truncate(NEXT_TO_FREE);
    queue.next_to_free = next;
    Ok(())
}
