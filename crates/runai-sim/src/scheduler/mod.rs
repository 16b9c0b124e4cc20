//! The simulated scheduler: node pools with GPU capacity, projects with quotas, and
//! workloads placed by priority as GPUs free up, so that waits follow from load.
//!
//! It is a discrete-event simulation over what the seed decides (arrivals, how long
//! each workload runs, when owners delete them). Each decision at instant t depends
//! only on events up to t, so simulating ahead of the clock changes nothing the clock
//! can see: the cluster at any instant stays a pure function of seed and clock.
//!
//! At every event in a pool it takes the pending workloads in order (priority, then
//! creation, then id) and, for each, in turn:
//! - a non-preemptible workload that would take its project past its quota waits
//!   (`NonPreemptibleOverQuota`); a preemptible one may borrow idle GPUs up to its
//!   project's limit (`OverLimit` beyond);
//! - it starts when each of its pods finds a node with room (a pool's GPUs sit on nodes
//!   of eight: enough free GPUs in all is not enough, see `nodes`);
//! - otherwise, if it fits its project's quota, it takes GPUs back from preemptible
//!   workloads of projects over their quota (lowest priority, newest first) until its
//!   pods fit; those wait again and keep the work they did;
//! - otherwise it waits for capacity, and the ones after it may still start (backfill).
//!
//! Built for a cluster's load ([`Scheduler::for_load`]), its pools' quotas also move
//! between projects every day or two (see `quotas`).

mod nodes;
mod placement;
mod pools;
mod quotas;

use std::{
    cmp::Reverse,
    collections::{BTreeSet, BinaryHeap},
};

use uuid::Uuid;

use self::nodes::{Allocation, Nodes};
pub use self::pools::{PoolSpec, TARGET_LOAD};
use super::{generate::SimWorkload, lifecycle::CREATING_MS, org::Org, timeline::Ending};

/// Rounding slack for fractional GPUs.
const EPS: f64 = 1e-9;
/// Pending workloads one pass considers: the scheduler looks this far down the queue.
const SCAN_LIMIT: usize = 200;
/// How long an owner leaves work that never started before deleting it, unless the
/// seed gave them less patience.
const PATIENCE_MS: i64 = 48 * 3_600_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    // At one instant, GPUs are given back before anyone new is considered.
    /// Its current placement ends (work done, or a service's deletion).
    Ends { placement: usize },
    /// Its owner gives up on it if it is waiting.
    GivesUp,
    /// Its owner deletes it, waiting or not (a service's lifetime is over).
    Deleted,
    /// The pool's quotas change (the event's index is the pool's).
    Quotas { change: u64 },
    /// It is queued.
    Queued,
}

/// Where a pending workload stands in its pool's queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct QueueKey {
    priority: Reverse<i32>,
    created_ms: i64,
    id: Uuid,
    index: usize,
}

impl QueueKey {
    fn of(w: &SimWorkload, index: usize) -> Self {
        Self {
            priority: Reverse(w.priority.value),
            created_ms: w.schedule.created_ms,
            id: w.id,
            index,
        }
    }
}

/// A workload on the GPUs.
#[derive(Clone, Debug)]
struct Holder {
    index: usize,
    project: usize,
    priority: i32,
    preemptible: bool,
    start_ms: i64,
    allocation: Allocation,
}

#[derive(Debug)]
struct Pool {
    spec: PoolSpec,
    /// The quotas the pool was set up with, which each change starts from.
    first_quota: Vec<f64>,
    nodes: Nodes,
    by_project: Vec<f64>,
    holders: Vec<Holder>,
    pending: BTreeSet<QueueKey>,
}

/// The scheduler's state, advanced by [`Scheduler::advance`].
#[derive(Debug)]
pub struct Scheduler {
    pools: Vec<Pool>,
    events: BinaryHeap<Reverse<(i64, Event, usize)>>,
    /// By workload index: its pool, the GPUs it holds when placed, its pods, and the
    /// running time its work still needs (`None`: a service).
    pool_of: Vec<usize>,
    need: Vec<f64>,
    pods: Vec<u32>,
    remaining_ms: Vec<Option<i64>>,
    /// The seed its quota changes come from.
    seed: u64,
}

impl Scheduler {
    /// A scheduler over `specs`, with no workloads yet.
    pub fn new(specs: Vec<PoolSpec>) -> Self {
        let pools = specs
            .into_iter()
            .map(|spec| Pool {
                nodes: Nodes::new(spec.capacity),
                first_quota: spec.quota.clone(),
                by_project: vec![0.0; spec.quota.len()],
                holders: Vec::new(),
                pending: BTreeSet::new(),
                spec,
            })
            .collect();
        Self {
            pools,
            events: BinaryHeap::new(),
            pool_of: Vec::new(),
            need: Vec::new(),
            pods: Vec::new(),
            remaining_ms: Vec::new(),
            seed: 0,
        }
    }

    /// The pools sized for the load of `arrivals_per_hour`, their quotas changing from
    /// `history_from_ms` on.
    pub fn for_load(seed: u64, org: &Org, arrivals_per_hour: f64, history_from_ms: i64) -> Self {
        let mut scheduler = Self::new(pools::pools(seed, org, arrivals_per_hour));
        scheduler.seed = seed;
        for pool in 0..scheduler.pools.len() {
            let at = quotas::next_change(seed, pool, 0, history_from_ms);
            scheduler
                .events
                .push(Reverse((at, Event::Quotas { change: 0 }, pool)));
        }
        scheduler
    }

    /// The pools, their capacity and quotas.
    pub fn pools(&self) -> impl Iterator<Item = &PoolSpec> {
        self.pools.iter().map(|p| &p.spec)
    }

    /// Takes in the workload at `index` (indices are admitted in order, from 0).
    pub fn admit(&mut self, index: usize, w: &SimWorkload, org: &Org) {
        debug_assert_eq!(index, self.pool_of.len());
        self.pool_of
            .push(pools::pool_of(self.pools.iter().map(|p| &p.spec), org, w));
        self.need.push(pools::need(org, w));
        self.pods.push(w.pods.max(1) as u32);
        self.remaining_ms.push(w.schedule.run_ms);
        let queued = w.schedule.created_ms + CREATING_MS;
        self.events.push(Reverse((queued, Event::Queued, index)));
        // Patience: a service's lifetime is counted from its first placement instead
        // (pushed then).
        let patience = match w.schedule.run_ms {
            Some(_) => w.schedule.deleted_after_ms.unwrap_or(PATIENCE_MS),
            None => PATIENCE_MS,
        };
        self.events.push(Reverse((
            w.schedule.created_ms + patience,
            Event::GivesUp,
            index,
        )));
    }

    /// Decides everything that happens up to and including `to_ms`.
    pub fn advance(&mut self, all: &mut [SimWorkload], to_ms: i64) {
        while let Some(&Reverse((at, event, index))) = self.events.peek() {
            if at > to_ms {
                break;
            }
            self.events.pop();
            if let Event::Quotas { change } = event {
                self.change_quotas(all, index, change, at);
                continue;
            }
            let pool = self.pool_of[index];
            match event {
                Event::Queued => {
                    if self.need[index] <= EPS {
                        // Nothing to wait for: CPU-only work starts at once.
                        self.place(all, index, at, Vec::new());
                    } else {
                        self.pools[pool]
                            .pending
                            .insert(QueueKey::of(&all[index], index));
                        self.pass(all, pool, at);
                    }
                }
                Event::Ends { placement } => {
                    let current = all[index].timeline.placements.len() == placement + 1
                        && all[index].timeline.placements[placement].end.is_none();
                    if current {
                        self.release(all, index, at, Ending::Finished);
                        self.pass(all, pool, at);
                    }
                }
                Event::GivesUp => self.give_up(all, index, at),
                Event::Deleted => {
                    self.give_up(all, index, at);
                    let on_gpus = all[index]
                        .timeline
                        .placements
                        .last()
                        .is_some_and(|p| p.end.is_none());
                    if on_gpus {
                        self.release(all, index, at, Ending::Deleted);
                        self.pass(all, pool, at);
                    }
                }
                Event::Quotas { .. } => unreachable!("handled above"),
            }
        }
    }

    /// Moves quota between `pool`'s projects at `at`, then lets its queue move and
    /// plans the next change. Each change starts from the pool's first quotas: a
    /// project lends quota for a while (a deadline elsewhere) and gets it back at the
    /// next change, so quotas do not drift away from the pool's fair split over weeks.
    fn change_quotas(&mut self, all: &mut [SimWorkload], pool: usize, change: u64, at: i64) {
        let p = &mut self.pools[pool];
        p.spec.quota.clone_from(&p.first_quota);
        quotas::shift(&mut p.spec, self.seed, pool, change);
        self.pass(all, pool, at);
        let next = quotas::next_change(self.seed, pool, change + 1, at);
        self.events
            .push(Reverse((next, Event::Quotas { change: change + 1 }, pool)));
    }

    /// The owner deletes workload `index` at `at` if it is waiting for GPUs.
    fn give_up(&mut self, all: &mut [SimWorkload], index: usize, at: i64) {
        let key = QueueKey::of(&all[index], index);
        if self.pools[self.pool_of[index]].pending.remove(&key) {
            all[index].timeline.deleted_waiting_ms = Some(at);
        }
    }
}

#[cfg(test)]
mod tests;
