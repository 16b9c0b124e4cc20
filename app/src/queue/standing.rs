//! Where a pending workload stands: the answer the workload page's queue panel shows,
//! as it travels from the server to the page.

use serde::{Deserialize, Serialize};

use super::{Blocked, QueueEntry, QueueEstimate, WaitReason};

/// How far back the history of waits reaches.
pub const HISTORY_DAYS: i64 = 7;

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
    /// What its own project does to it, if it blocks it: then it has no position.
    pub blocked: Option<Blocked>,
    /// 1 for the next to take free GPUs; counts those the viewer cannot see.
    pub position: usize,
    /// Pending workloads competing for those node pools, itself included; counts those
    /// the viewer cannot see.
    pub competing: usize,
    /// Of those, how many the viewer cannot see (`None`: not counted).
    pub hidden: Option<HiddenCount>,
    /// The ones ahead, in the scheduler's order.
    pub ahead: Vec<QueueEntry>,
    /// Earlier in the scheduler's order, but blocked by their own project: not ahead.
    pub blocked_earlier: Vec<QueueEntry>,
    /// Who holds idle GPUs in those node pools right now.
    pub idle_holders: Vec<IdleHolder>,
    /// Seconds it has waited so far.
    pub waited_s: i64,
    pub reason: WaitReason,
    pub estimate: QueueEstimate,
    /// When the answer was put together (Unix milliseconds).
    pub at_ms: i64,
    /// Alternatives to its request and their likely starts (empty unless asked for).
    pub what_if: Vec<Alternative>,
}

/// Pending workloads of projects the viewer cannot see: counted, never named.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HiddenCount {
    /// Ahead of it (already in its position).
    pub ahead: usize,
    /// Competing for its node pools (already in the count it is ranked among).
    pub competing: usize,
}

/// A running workload that may free GPUs soon.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LikelyFree {
    pub id: String,
    pub name: String,
    pub project: String,
    pub gpus: f64,
    /// Seconds it has run so far.
    pub ran_s: f64,
    /// How much longer it is likely to run (the median), if the history can say.
    pub likely_in_s: Option<f64>,
}

/// One pending workload on the queue page: where it stands, why, and when it is
/// likely to start (the workload page's panel, without its lists).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueRow {
    pub entry: QueueEntry,
    /// Its place among those taking free GPUs; `None` when its project blocks it.
    pub position: Option<usize>,
    pub waited_s: i64,
    pub reason: WaitReason,
    pub estimate: QueueEstimate,
}

/// One node pool's queue, as the queue page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PoolQueue {
    pub cluster_id: String,
    /// The node pool's name; empty for workloads that may run in any pool.
    pub pool: String,
    /// Pending workloads in it (the rows may be fewer: filtered, or only the first).
    pub pending: usize,
    /// Whether every pending workload was read (the API lists 500 at most at once; past
    /// that, the oldest 500 are).
    pub all_read: bool,
    /// Its pending workloads in the scheduler's order (of the project asked for, if any).
    pub rows: Vec<QueueRow>,
    /// GPUs its running workloads hold, and how many of those sit idle.
    pub allocated_gpus: f64,
    pub idle_gpus: f64,
    /// The running workloads most likely to free GPUs next, soonest first.
    pub next_to_free: Vec<LikelyFree>,
}

/// One way a pending workload could have asked instead, and its likely start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alternative {
    /// The change, in words ("Half the GPUs (4)", "In node pool a100").
    pub what: String,
    pub gpus: f64,
    pub node_pools: Vec<String>,
    /// Its place among those taking free GPUs; `None` when its project would block it.
    pub position: Option<usize>,
    pub estimate: QueueEstimate,
}
