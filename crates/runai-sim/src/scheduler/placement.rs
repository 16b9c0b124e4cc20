//! Placing workloads on a pool's nodes, taking them off, and the pass over a pool's
//! queue that decides who starts, who waits and who is preempted (the rules are in the
//! scheduler's module documentation).

use std::cmp::Reverse;

use runai::model::PhaseReason;

use super::{EPS, Event, Holder, QueueKey, SCAN_LIMIT, Scheduler, nodes::Allocation};
use crate::{
    generate::SimWorkload,
    timeline::{Ending, Placement},
};

impl Scheduler {
    /// Puts workload `index` on its pool's GPUs at `at`, its pods where `allocation` says.
    pub(super) fn place(
        &mut self,
        all: &mut [SimWorkload],
        index: usize,
        at: i64,
        allocation: Allocation,
    ) {
        let w = &mut all[index];
        let pool = &mut self.pools[self.pool_of[index]];
        pool.pending.remove(&QueueKey::of(w, index));
        let need = self.need[index];
        pool.nodes.take(&allocation);
        pool.by_project[w.project] += need;
        pool.holders.push(Holder {
            index,
            project: w.project,
            priority: w.priority.value,
            preemptible: w.priority.preemptible,
            start_ms: at,
            allocation,
        });
        let placement = w.timeline.placements.len();
        if placement == 0
            && w.schedule.run_ms.is_none()
            && let Some(life) = w.schedule.deleted_after_ms
        {
            self.events
                .push(Reverse((at + life, Event::Deleted, index)));
        }
        w.timeline.placements.push(Placement {
            start_ms: at,
            end: None,
        });
        if let Some(remaining) = self.remaining_ms[index] {
            let end = at + w.schedule.init_ms + remaining;
            self.events
                .push(Reverse((end, Event::Ends { placement }, index)));
        }
    }

    /// Takes workload `index` off the GPUs at `at`.
    pub(super) fn release(
        &mut self,
        all: &mut [SimWorkload],
        index: usize,
        at: i64,
        ending: Ending,
    ) {
        let w = &mut all[index];
        let pool = &mut self.pools[self.pool_of[index]];
        let need = self.need[index];
        pool.by_project[w.project] = (pool.by_project[w.project] - need).max(0.0);
        if let Some(at) = pool.holders.iter().position(|h| h.index == index) {
            let holder = pool.holders.swap_remove(at);
            pool.nodes.give(&holder.allocation);
        }
        if let Some(placement) = w.timeline.placements.last_mut() {
            placement.end = Some((at, ending));
            if let Some(remaining) = self.remaining_ms[index].as_mut() {
                let worked = at - (placement.start_ms + w.schedule.init_ms);
                *remaining = (*remaining - worked.max(0)).max(0);
            }
        }
        if ending == Ending::Preempted {
            pool.pending.insert(QueueKey::of(w, index));
        }
    }

    /// Considers the pool's queue at `at` (see the module's doc for the rules).
    pub(super) fn pass(&mut self, all: &mut [SimWorkload], pool: usize, at: i64) {
        let queue: Vec<QueueKey> = self.pools[pool]
            .pending
            .iter()
            .take(SCAN_LIMIT)
            .copied()
            .collect();
        for key in queue {
            let w = &all[key.index];
            let p = &self.pools[pool];
            let need = self.need[key.index];
            let project = w.project;
            let held = p.by_project[project];
            let within_quota = held + need <= p.spec.quota[project] + EPS;
            let reason = if !w.priority.preemptible && !within_quota {
                Some(PhaseReason::NonPreemptibleOverQuota)
            } else if held + need > p.spec.limit[project] + EPS {
                Some(PhaseReason::OverLimit)
            } else {
                None
            };
            all[key.index].timeline.note_reason(at, reason.clone());
            if reason.is_some() {
                continue;
            }
            let per_pod = need / f64::from(self.pods[key.index]);
            let pods = self.pods[key.index];
            if let Some(allocation) = p.nodes.fit(per_pod, pods) {
                self.place(all, key.index, at, allocation);
            } else if within_quota && let Some(victims) = self.victims(pool, project, per_pod, pods)
            {
                for victim in victims {
                    self.release(all, victim, at, Ending::Preempted);
                }
                if let Some(allocation) = self.pools[pool].nodes.fit(per_pod, pods) {
                    self.place(all, key.index, at, allocation);
                }
            }
        }
    }

    /// Preemptible workloads of other projects over their quota whose GPUs, given back,
    /// make room for `pods` pods of `per_pod` GPUs, lowest priority and newest first;
    /// `None` if they cannot.
    fn victims(&self, pool: usize, claimant: usize, per_pod: f64, pods: u32) -> Option<Vec<usize>> {
        let p = &self.pools[pool];
        let mut candidates: Vec<&Holder> = p
            .holders
            .iter()
            .filter(|h| h.preemptible && h.project != claimant)
            .filter(|h| p.by_project[h.project] > p.spec.quota[h.project] + EPS)
            .collect();
        candidates.sort_by_key(|h| (h.priority, Reverse(h.start_ms), h.index));
        let mut held = p.by_project.clone();
        let mut nodes = p.nodes.clone();
        let mut victims = Vec::new();
        for h in candidates {
            // Only what a project holds beyond its quota can be taken back.
            if held[h.project] > p.spec.quota[h.project] + EPS {
                held[h.project] -= self.need[h.index];
                nodes.give(&h.allocation);
                victims.push(h.index);
                if nodes.fit(per_pod, pods).is_some() {
                    return Some(victims);
                }
            }
        }
        None
    }
}
