//! What if a pending workload asked differently (server only): fewer GPUs (half, one
//! worker fewer), or another node pool of its cluster, each worked out by the same
//! estimator against today's queue, as if submitted now. Nothing is submitted or
//! changed: Runboard only reads.

use runai::model::{Maybe, Timestamp, Workload};

use super::{
    lists::{allocated_gpus, entry, holders_query, queries, requested_gpus},
    reads::{ListSource, Memo, work_out_with},
    source::history_since,
    standing::Alternative,
};
use crate::error::AppError;

/// Other node pools tried, at most.
const MAX_OTHER_POOLS: usize = 4;

/// The alternatives to a request of `gpus` GPUs over `workers` pods in `pools`:
/// `(what, GPUs, node pools)`, given the node pools of its cluster.
pub fn alternatives(
    gpus: f64,
    workers: i32,
    pools: &[String],
    cluster_pools: &[String],
) -> Vec<(String, f64, Vec<String>)> {
    let mut tries = Vec::new();
    if gpus >= 2.0 {
        let half = (gpus / 2.0).ceil();
        tries.push((format!("Half the GPUs ({half})"), half, pools.to_vec()));
    }
    if workers > 2 && gpus > 0.0 {
        let fewer = gpus - gpus / f64::from(workers);
        tries.push((
            format!("One worker fewer ({} workers)", workers - 1),
            fewer,
            pools.to_vec(),
        ));
    }
    for pool in cluster_pools
        .iter()
        .filter(|p| !pools.contains(p))
        .take(MAX_OTHER_POOLS)
    {
        tries.push((format!("In node pool {pool}"), gpus, vec![pool.clone()]));
    }
    tries
}

/// `w` as if submitted now with `gpus` GPUs in `pools`. In pools other than its own,
/// what holds its project back is not known (quotas are per pool and not in the API),
/// so it is taken as not held back there.
fn resubmitted(w: &Workload, gpus: f64, pools: Vec<String>, now_ms: i64) -> Workload {
    let mut again = w.clone();
    if !pools.iter().all(|p| entry(w).node_pools.contains(p)) {
        again.phase_reason = Maybe::Absent;
    }
    if let Maybe::Value(requested) = &mut again.workload_requested_resources
        && let Maybe::Value(gpu) = &mut requested.gpu
    {
        gpu.request = Maybe::Value(gpus);
    }
    again.requested_node_pools = Some(pools);
    again.total_pending_time_seconds = Maybe::Value(0);
    if let Some(now) = Timestamp::from_unix_millis(now_ms) {
        again.created_at = now;
    }
    again
}

/// The node pools of `w`'s cluster, as its lists show them (pending and running work).
async fn cluster_pools(
    lists: &impl ListSource,
    w: &Workload,
    now_ms: i64,
) -> Result<Vec<String>, AppError> {
    let [pending, ..] = queries(None, history_since(now_ms))?;
    let holding = holders_query(None, None)?;
    let (pending, holding) = tokio::join!(lists.list(&pending), lists.list(&holding));
    let (pending, holding) = (pending?, holding?);
    let mut pools: Vec<String> = pending
        .workloads
        .iter()
        .chain(holding.workloads.iter().filter(|h| allocated_gpus(h) > 0.0))
        .filter(|other| other.cluster_id == w.cluster_id)
        .flat_map(|other| entry(other).node_pools)
        .collect();
    pools.sort_unstable();
    pools.dedup();
    Ok(pools)
}

/// The likely start of each alternative to pending workload `w`'s request.
pub async fn what_if(
    lists: &impl ListSource,
    memo: &Memo,
    w: &Workload,
    now_ms: i64,
) -> Result<Vec<Alternative>, AppError> {
    let pools = cluster_pools(lists, w, now_ms).await?;
    let mut answers = Vec::new();
    let workers = w.requested_pods.and_then(|p| p.number.get()).unwrap_or(1);
    let tries = alternatives(requested_gpus(w), workers, &entry(w).node_pools, &pools);
    for (what, gpus, pools) in tries {
        let again = resubmitted(w, gpus, pools.clone(), now_ms);
        let Some(standing) = work_out_with(lists, memo, &again, &[], now_ms).await? else {
            continue;
        };
        answers.push(Alternative {
            what,
            gpus,
            node_pools: pools,
            position: standing.blocked.is_none().then_some(standing.position),
            estimate: standing.estimate,
        });
    }
    Ok(answers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(pools: &[&str]) -> Vec<String> {
        pools.iter().map(|p| (*p).to_owned()).collect()
    }

    #[test]
    fn fewer_gpus_and_each_other_pool_are_tried() {
        let tries = alternatives(8.0, 4, &names(&["a100"]), &names(&["a100", "h100", "t4"]));
        let asked: Vec<(&str, f64, Vec<String>)> = tries
            .iter()
            .map(|(what, gpus, pools)| (what.as_str(), *gpus, pools.clone()))
            .collect();
        assert_eq!(
            asked,
            [
                ("Half the GPUs (4)", 4.0, names(&["a100"])),
                ("One worker fewer (3 workers)", 6.0, names(&["a100"])),
                ("In node pool h100", 8.0, names(&["h100"])),
                ("In node pool t4", 8.0, names(&["t4"])),
            ]
        );
    }

    #[test]
    fn a_small_request_is_not_halved_and_other_pools_are_bounded() {
        let many: Vec<String> = (0..10).map(|i| format!("pool-{i}")).collect();
        let tries = alternatives(1.0, 1, &names(&["pool-0"]), &many);
        assert_eq!(tries.len(), MAX_OTHER_POOLS);
        assert!(
            tries
                .iter()
                .all(|(what, ..)| what.starts_with("In node pool"))
        );
        // Half of three GPUs is two: GPUs come whole.
        assert_eq!(alternatives(3.0, 1, &[], &[])[0].1, 2.0);
    }
}
