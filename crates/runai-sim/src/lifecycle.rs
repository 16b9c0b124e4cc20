//! Where a workload is in its life at an instant: a pure function of its schedule and
//! the clock, so the cluster advances with wall-clock time (or a test's clock).

use runai::model::{Phase, PhaseReason};

use super::generate::SimWorkload;

/// How long a workload shows `Creating` before it is queued.
const CREATING_MS: i64 = 2_000;

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

/// The workload's status at `now_ms`; `None` before it was created.
pub fn status(workload: &SimWorkload, now_ms: i64) -> Option<Status> {
    let s = &workload.schedule;
    if now_ms < s.created_ms {
        return None;
    }
    let queued_ms = s.created_ms + CREATING_MS;
    let scheduled_ms = s.pending_ms.map(|p| queued_ms + p);
    let started_ms = scheduled_ms.map(|t| t + s.init_ms);
    let ends_ms = match (started_ms, s.run_ms) {
        (Some(start), Some(run)) => Some(start + run),
        _ => None,
    };
    let deleted_ms = s
        .deleted_after_ms
        .and_then(|after| match (ends_ms, scheduled_ms) {
            (Some(end), _) => Some(end + after),
            (None, None) => Some(s.created_ms + after), // never scheduled, given up on
            (None, Some(_)) => None,                    // services stay until the end of the demo
        });
    // A deleted workload keeps the phase it had when it was deleted.
    let at = deleted_ms.map_or(now_ms, |d| now_ms.min(d));

    let (phase, since) = if at < queued_ms {
        (Phase::Creating, s.created_ms)
    } else if scheduled_ms.is_none_or(|t| at < t) {
        (Phase::Pending, queued_ms)
    } else if started_ms.is_some_and(|t| at < t) {
        (Phase::Initializing, scheduled_ms.unwrap_or(queued_ms))
    } else if ends_ms.is_none_or(|t| at < t) {
        // One running workload in 25 is degraded (a pod restarting).
        let phase = if workload.index % 25 == 7 {
            Phase::Degraded
        } else {
            Phase::Running
        };
        (phase, started_ms.unwrap_or(queued_ms))
    } else if s.fails {
        (Phase::Failed, ends_ms.unwrap_or(at))
    } else {
        (Phase::Completed, ends_ms.unwrap_or(at))
    };

    let pending_until = scheduled_ms.map_or(at, |t| t.min(at));
    let pending_seconds = (pending_until - s.created_ms).max(0) / 1000;
    let running_seconds = started_ms.map_or(0, |start| {
        let until = ends_ms.map_or(at, |end| end.min(at));
        (until - start).max(0) / 1000
    });
    let finished_ms = ends_ms.filter(|&end| end <= at);
    let reason = if workload.index.is_multiple_of(2) {
        PhaseReason::NonPreemptibleOverQuota
    } else {
        PhaseReason::OverLimit
    };
    let waiting_reason = (phase == Phase::Pending && s.pending_ms.is_none()).then_some(reason);
    Some(Status {
        phase,
        phase_since_ms: since,
        started_ms: started_ms.filter(|&t| t <= at),
        finished_ms,
        deleted_ms: deleted_ms.filter(|&d| d <= now_ms),
        pending_seconds,
        running_seconds,
        waiting_reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{generate, org::Org};

    #[test]
    fn a_workload_moves_through_its_phases_with_the_clock() {
        let org = Org::new(5);
        let created = 1_795_000_000_000;
        let mut w = generate::workload(5, 1, created, &org, None);
        w.schedule.pending_ms = Some(60_000);
        w.schedule.init_ms = 30_000;
        w.schedule.run_ms = Some(3_600_000);
        w.schedule.fails = false;
        w.schedule.deleted_after_ms = Some(600_000);
        w.index = 1;

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
        let done_at = created + 2_000 + 60_000 + 30_000 + 3_600_000;
        let done = status(&w, done_at + 1).unwrap();
        assert_eq!(
            (done.phase.clone(), done.finished_ms),
            (Phase::Completed, Some(done_at))
        );
        assert_eq!(done.running_seconds, 3600);
        assert_eq!(done.deleted_ms, None);
        let gone = status(&w, done_at + 600_000).unwrap();
        assert_eq!(gone.deleted_ms, Some(done_at + 600_000));
        assert_eq!(gone.phase, Phase::Completed, "deleted keeps its last phase");
    }

    #[test]
    fn an_unschedulable_workload_waits_with_a_reason() {
        let org = Org::new(5);
        let mut w = generate::workload(5, 2, 0, &org, None);
        w.schedule.pending_ms = None;
        w.schedule.deleted_after_ms = None;
        let st = status(&w, 86_400_000).unwrap();
        assert_eq!(st.phase, Phase::Pending);
        assert_eq!(st.pending_seconds, 86_400);
        assert!(st.waiting_reason.is_some());
    }
}
