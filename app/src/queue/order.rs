//! The order in which the scheduler considers pending workloads: higher priority first,
//! then the earlier created, among those that compete for the same node pools. A
//! workload its own project blocks (over its quota or its limit) does not take free GPUs
//! whatever its place, so it is never counted ahead of anyone: it is listed apart.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::Blocked;

/// A pending workload as the queue sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueEntry {
    /// Run:ai's id.
    pub id: String,
    pub name: String,
    pub project: String,
    /// The cluster it runs on: node pools of one name in two clusters are two pools.
    pub cluster_id: String,
    /// The workload's priority (higher goes first); none counts as the lowest.
    pub priority: Option<i32>,
    /// When it was created, in Unix milliseconds.
    pub created_at_ms: i64,
    /// The node pools it may run in; empty: any.
    pub node_pools: Vec<String>,
    /// GPUs it asks for (devices, or fractions of one).
    pub gpus: f64,
    /// Whether its own project keeps it from starting, whatever GPUs are free.
    pub blocked: Option<Blocked>,
}

/// Where a pending workload stands among those competing for its node pools.
#[derive(Debug, PartialEq)]
pub struct QueueLine<'a> {
    /// Those that take free GPUs before it, in the scheduler's order; its position is
    /// their number plus one.
    pub ahead: Vec<&'a QueueEntry>,
    /// Those earlier in the scheduler's order that their own project blocks: not ahead,
    /// since they cannot start before their project frees GPUs.
    pub blocked: Vec<&'a QueueEntry>,
    /// Competing pending workloads, `target` included.
    pub competing: usize,
}

/// Whether `a` and `b` wait for the same capacity: in the same cluster, they share a
/// node pool, or either may run in any.
pub fn competes(a: &QueueEntry, b: &QueueEntry) -> bool {
    a.cluster_id == b.cluster_id
        && (a.node_pools.is_empty()
            || b.node_pools.is_empty()
            || a.node_pools.iter().any(|pool| b.node_pools.contains(pool)))
}

/// The scheduler's order: priority (higher first), creation time (earlier first), and
/// the id, so that ties have one answer.
fn scheduler_order(a: &QueueEntry, b: &QueueEntry) -> Ordering {
    b.priority
        .unwrap_or(i32::MIN)
        .cmp(&a.priority.unwrap_or(i32::MIN))
        .then(a.created_at_ms.cmp(&b.created_at_ms))
        .then_with(|| a.id.cmp(&b.id))
}

/// Sorts `pending` into the order the scheduler takes them.
pub fn in_scheduler_order(pending: &mut [QueueEntry]) {
    pending.sort_by(scheduler_order);
}

/// Where `target` stands among `pending`, which may include `target` and workloads of
/// other node pools (both are left out).
pub fn queue_line<'a>(target: &QueueEntry, pending: &'a [QueueEntry]) -> QueueLine<'a> {
    let competing: Vec<&QueueEntry> = pending
        .iter()
        .filter(|other| other.id != target.id && competes(target, other))
        .collect();
    let mut earlier: Vec<&QueueEntry> = competing
        .iter()
        .copied()
        .filter(|other| scheduler_order(other, target) == Ordering::Less)
        .collect();
    earlier.sort_by(|a, b| scheduler_order(a, b));
    let (blocked, ahead) = earlier
        .into_iter()
        .partition(|other| other.blocked.is_some());
    QueueLine {
        ahead,
        blocked,
        competing: competing.len() + 1,
    }
}

/// The pending workloads ahead of `target`, in the order the scheduler takes them (see
/// [`queue_line`]).
pub fn queue_ahead<'a>(target: &QueueEntry, pending: &'a [QueueEntry]) -> Vec<&'a QueueEntry> {
    queue_line(target, pending).ahead
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, priority: Option<i32>, created: i64, pools: &[&str]) -> QueueEntry {
        QueueEntry {
            id: id.to_owned(),
            name: id.to_owned(),
            project: "p".to_owned(),
            cluster_id: "c1".to_owned(),
            priority,
            created_at_ms: created,
            node_pools: pools.iter().map(|p| (*p).to_owned()).collect(),
            gpus: 1.0,
            blocked: None,
        }
    }

    fn ids(ahead: &[&QueueEntry]) -> Vec<String> {
        ahead.iter().map(|e| e.id.clone()).collect()
    }

    #[test]
    fn priority_goes_first_then_the_earlier_created() {
        let me = entry("me", Some(50), 1_000, &["a100"]);
        let pending = [
            entry("older-same", Some(50), 500, &["a100"]),
            entry("newer-same", Some(50), 2_000, &["a100"]),
            entry("newer-higher", Some(100), 3_000, &["a100"]),
            entry("older-lower", Some(25), 10, &["a100"]),
            entry("no-priority", None, 1, &["a100"]),
            me.clone(),
        ];
        assert_eq!(
            ids(&queue_ahead(&me, &pending)),
            ["newer-higher", "older-same"]
        );
    }

    #[test]
    fn only_workloads_of_a_shared_node_pool_compete() {
        let me = entry("me", Some(50), 1_000, &["a100", "h100"]);
        let pending = [
            entry("h100-only", Some(50), 10, &["h100"]),
            entry("t4-only", Some(90), 10, &["t4"]),
            entry("anywhere", Some(50), 20, &[]),
        ];
        assert_eq!(ids(&queue_ahead(&me, &pending)), ["h100-only", "anywhere"]);
        let anywhere = entry("me", Some(50), 1_000, &[]);
        assert_eq!(queue_ahead(&anywhere, &pending).len(), 3);
    }

    #[test]
    fn a_node_pool_of_the_same_name_in_another_cluster_is_another_queue() {
        let me = entry("me", Some(50), 1_000, &["default"]);
        let mut elsewhere = entry("elsewhere", Some(90), 10, &["default"]);
        elsewhere.cluster_id = "c2".to_owned();
        let mut anywhere_elsewhere = entry("anywhere-elsewhere", Some(90), 10, &[]);
        anywhere_elsewhere.cluster_id = "c2".to_owned();
        let here = entry("here", Some(90), 10, &["default"]);
        let pending = [elsewhere, anywhere_elsewhere, here];
        assert_eq!(ids(&queue_ahead(&me, &pending)), ["here"]);
    }

    #[test]
    fn ties_have_one_order() {
        let me = entry("m", Some(50), 1_000, &["a"]);
        let pending = [
            entry("z", Some(50), 1_000, &["a"]),
            entry("b", Some(50), 1_000, &["a"]),
        ];
        assert_eq!(ids(&queue_ahead(&me, &pending)), ["b"]);
    }

    #[test]
    fn a_workload_its_project_blocks_is_listed_apart_not_ahead() {
        let me = entry("me", Some(50), 1_000, &["a100"]);
        let mut over_quota = entry("over-quota", Some(50), 10, &["a100"]);
        over_quota.blocked = Some(Blocked::OverQuota);
        let mut over_limit = entry("over-limit", Some(90), 20, &["a100"]);
        over_limit.blocked = Some(Blocked::OverLimit);
        let mut later_blocked = entry("later-blocked", Some(10), 2_000, &["a100"]);
        later_blocked.blocked = Some(Blocked::OverQuota);
        let pending = [
            over_quota,
            over_limit,
            entry("really-ahead", Some(50), 500, &["a100"]),
            later_blocked,
            me.clone(),
        ];
        let line = queue_line(&me, &pending);
        assert_eq!(ids(&line.ahead), ["really-ahead"]);
        assert_eq!(ids(&line.blocked), ["over-limit", "over-quota"]);
        assert_eq!(line.competing, 5);
    }
}
