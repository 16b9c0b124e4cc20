//! Where a workload is in its life at an instant: a pure function of its schedule, the
//! scheduler's decisions and the clock, so the cluster advances with wall-clock time
//! (or a test's clock).

use runai::model::{Phase, PhaseReason};

use super::{generate::SimWorkload, timeline::Ending};

/// How long a workload shows `Creating` before it is queued.
pub const CREATING_MS: i64 = 2_000;

/// A workload's state at one instant.
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    pub phase: Phase,
    /// When the current phase began.
    pub phase_since_ms: i64,
    /// When it started running (it may have finished since).
    pub started_ms: Option<i64>,
    pub finished_ms: Option<i64>,
    /// Set once the workload is deleted (it then shows only with `deleted=true`).
    pub deleted_ms: Option<i64>,
    pub pending_seconds: i64,
    pub running_seconds: i64,
    /// Why it waits, for workloads the scheduler cannot place.
    pub waiting_reason: Option<PhaseReason>,
}

impl Status {
    /// Holding resources now (allocated GPUs, running pods).
    pub fn is_active(&self) -> bool {
        matches!(
            self.phase,
            Phase::Running | Phase::Degraded | Phase::Initializing
        )
    }

    /// Running pods now.
    pub fn running_pods(&self, workload: &SimWorkload) -> i32 {
        if matches!(self.phase, Phase::Running | Phase::Degraded) {
            workload.pods
        } else {
            0
        }
    }
}

/// The workload's status at `now_ms`; `None` before it was created. Everything after
/// `Creating` follows from the scheduler's decisions in its timeline.
pub fn status(workload: &SimWorkload, now_ms: i64) -> Option<Status> {
    let s = &workload.schedule;
    let timeline = &workload.timeline;
    if now_ms < s.created_ms {
        return None;
    }
    let queued_ms = s.created_ms + CREATING_MS;
    let finished = timeline
        .placements
        .last()
        .and_then(|p| p.end)
        .filter(|(_, ending)| *ending == Ending::Finished)
        .map(|(end, _)| end);
    let deleted_ms = timeline
        .deleted_waiting_ms
        .or_else(|| timeline.deleted_running())
        .or_else(|| finished.and_then(|end| Some(end + s.deleted_after_ms?)));
    // A deleted workload keeps the phase it had when it was deleted (a service taken
    // down while running shows its last running instant).
    let mut at = deleted_ms.map_or(now_ms, |d| now_ms.min(d));
    if timeline.deleted_running().is_some_and(|d| at >= d) {
        at -= 1;
    }
    let first_start = timeline.placements.first().map(|p| p.start_ms);

    let (phase, since) = if at < queued_ms {
        (Phase::Creating, s.created_ms)
    } else if let Some(placed) = timeline.placement_at(at) {
        let running_from = placed.start_ms + s.init_ms;
        if at < running_from {
            (Phase::Initializing, placed.start_ms)
        } else if workload.index % 25 == 7 {
            // One running workload in 25 is degraded (a pod restarting).
            (Phase::Degraded, running_from)
        } else {
            (Phase::Running, running_from)
        }
    } else if let Some(end) = timeline.finished_by(at) {
        let phase = if s.fails {
            Phase::Failed
        } else {
            Phase::Completed
        };
        (phase, end)
    } else {
        // Waiting: since it was queued, or since it was last preempted.
        let since = timeline
            .placements
            .iter()
            .rev()
            .find_map(|p| p.end.map(|(end, _)| end).filter(|&end| end <= at))
            .unwrap_or(queued_ms);
        (Phase::Pending, since)
    };

    let (mut held_ms, mut running_ms) = (0, 0);
    for p in timeline.placements.iter().filter(|p| p.start_ms < at) {
        let until = p.end.map_or(at, |(end, _)| end.min(at));
        held_ms += until - p.start_ms;
        running_ms += (until - (p.start_ms + s.init_ms)).max(0);
    }
    // Pending is the time it existed without GPUs, Creating included; Initializing is
    // neither pending nor running.
    let lived_until = timeline.finished_by(at).unwrap_or(at);
    let pending_seconds = ((lived_until - s.created_ms) - held_ms).max(0) / 1000;
    let waiting_reason = if phase == Phase::Pending {
        timeline.reason_at(at)
    } else {
        None
    };
    Some(Status {
        phase,
        phase_since_ms: since,
        started_ms: first_start
            .map(|start| start + s.init_ms)
            .filter(|&t| t <= at),
        finished_ms: finished.filter(|&end| end <= at),
        deleted_ms: deleted_ms.filter(|&d| d <= now_ms),
        pending_seconds,
        running_seconds: running_ms / 1000,
        waiting_reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        generate,
        org::Org,
        timeline::{Placement, Timeline},
    };

    #[test]
    fn a_workload_moves_through_its_phases_with_the_clock() {
        let org = Org::new(5);
        let created = 1_795_000_000_000;
        let mut w = generate::workload(5, 1, created, &org, None);
        let placed = created + 2_000 + 60_000;
        let done_at = placed + 30_000 + 3_600_000;
        w.schedule.init_ms = 30_000;
        w.schedule.run_ms = Some(3_600_000);
        w.schedule.fails = false;
        w.schedule.deleted_after_ms = Some(600_000);
        w.index = 1;
        w.timeline.placements = vec![Placement {
            start_ms: placed,
            end: Some((done_at, Ending::Finished)),
        }];

        assert_eq!(status(&w, created - 1), None);
        assert_eq!(status(&w, created).unwrap().phase, Phase::Creating);
        let pending = status(&w, created + 10_000).unwrap();
        assert_eq!(
            (pending.phase.clone(), pending.pending_seconds),
            (Phase::Pending, 10)
        );
        let init = status(&w, created + 70_000).unwrap();
        assert_eq!(init.phase, Phase::Initializing);
        assert_eq!(init.pending_seconds, 62);
        let running = status(&w, created + 100_000).unwrap();
        assert_eq!(running.phase, Phase::Running);
        assert_eq!(running.running_seconds, 8);
        assert!(running.is_active());
        let done = status(&w, done_at + 1).unwrap();
        assert_eq!(
            (done.phase.clone(), done.finished_ms),
            (Phase::Completed, Some(done_at))
        );
        assert_eq!(done.running_seconds, 3600);
        assert_eq!(
            done.pending_seconds, 62,
            "waiting stops counting once placed"
        );
        let long_after = status(&w, done_at + 500_000).unwrap();
        assert_eq!(long_after.pending_seconds, 62, "and stays put once done");
        assert_eq!(done.deleted_ms, None);
        let gone = status(&w, done_at + 600_000).unwrap();
        assert_eq!(gone.deleted_ms, Some(done_at + 600_000));
        assert_eq!(gone.phase, Phase::Completed, "deleted keeps its last phase");
    }

    #[test]
    fn a_preempted_workload_waits_again_and_counts_both_waits() {
        let org = Org::new(5);
        let mut w = generate::workload(5, 3, 0, &org, None);
        w.index = 3;
        w.schedule.init_ms = 1_000;
        w.timeline = Timeline {
            placements: vec![
                Placement {
                    start_ms: 12_000,
                    end: Some((61_000, Ending::Preempted)),
                },
                Placement {
                    start_ms: 100_000,
                    end: None,
                },
            ],
            reasons: vec![(2_000, None)],
            deleted_waiting_ms: None,
        };
        let waiting = status(&w, 70_000).unwrap();
        assert_eq!(waiting.phase, Phase::Pending);
        assert_eq!(
            waiting.phase_since_ms, 61_000,
            "pending again since preempted"
        );
        assert_eq!(waiting.pending_seconds, (12_000 + 9_000) / 1000);
        assert_eq!(waiting.running_seconds, 48);
        let back = status(&w, 111_000).unwrap();
        assert_eq!(back.phase, Phase::Running);
        assert_eq!(back.pending_seconds, (12_000 + 39_000) / 1000);
        assert_eq!(back.running_seconds, 48 + 10);
        assert_eq!(back.started_ms, Some(13_000), "first started");
    }

    #[test]
    fn a_waiting_workload_shows_the_schedulers_reason_of_the_moment() {
        let org = Org::new(5);
        let mut w = generate::workload(5, 2, 0, &org, None);
        w.timeline.reasons = vec![
            (2_000, None),
            (3_600_000, Some(PhaseReason::NonPreemptibleOverQuota)),
        ];
        w.timeline.deleted_waiting_ms = Some(86_400_000);
        let early = status(&w, 60_000).unwrap();
        assert_eq!(
            (early.phase.clone(), early.waiting_reason),
            (Phase::Pending, None)
        );
        let later = status(&w, 7_200_000).unwrap();
        assert_eq!(
            later.waiting_reason,
            Some(PhaseReason::NonPreemptibleOverQuota)
        );
        let gone = status(&w, 90_000_000).unwrap();
        assert_eq!(gone.phase, Phase::Pending, "deleted while waiting");
        assert_eq!(gone.deleted_ms, Some(86_400_000));
        assert_eq!(gone.pending_seconds, 86_400);
    }

    #[test]
    fn a_service_taken_down_shows_it_was_running() {
        let org = Org::new(5);
        let mut w = generate::workload(5, 1, 0, &org, None);
        w.index = 1;
        w.schedule.run_ms = None;
        w.schedule.init_ms = 1_000;
        w.timeline.placements = vec![Placement {
            start_ms: 5_000,
            end: Some((50_000, Ending::Deleted)),
        }];
        let st = status(&w, 60_000).unwrap();
        assert_eq!(st.phase, Phase::Running);
        assert_eq!(st.deleted_ms, Some(50_000));
        assert_eq!(st.finished_ms, None);
    }
}
