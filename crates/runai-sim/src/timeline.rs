//! What the scheduler decided for one workload: when it held GPUs, why it waited, and
//! whether its owner gave up. `lifecycle` reads it to answer "where is it at instant t";
//! the scheduler appends to it as its simulation moves forward, never rewriting the past.

use runai::model::PhaseReason;

/// How a placement ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// Its work is done (Completed or Failed).
    Finished,
    /// A workload with a better claim took its GPUs; it waits again.
    Preempted,
    /// Its owner deleted it while it ran (a service taken down).
    Deleted,
}

/// One stretch on the GPUs: initializing from `start_ms`, running after `init_ms`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    pub start_ms: i64,
    /// When it gave the GPUs back, and why; `None`: it still holds them.
    pub end: Option<(i64, Ending)>,
}

/// The scheduler's decisions about one workload, in time order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    pub placements: Vec<Placement>,
    /// Why it waits, each time the scheduler's answer changed (`None`: only for capacity).
    pub reasons: Vec<(i64, Option<PhaseReason>)>,
    /// When its owner deleted it while it waited for GPUs.
    pub deleted_waiting_ms: Option<i64>,
}

impl Timeline {
    /// The placement holding GPUs at `at_ms`, if any.
    pub fn placement_at(&self, at_ms: i64) -> Option<&Placement> {
        self.placements
            .iter()
            .rev()
            .find(|p| p.start_ms <= at_ms && p.end.is_none_or(|(end, _)| at_ms < end))
    }

    /// The scheduler's reason for waiting, as it stood at `at_ms`.
    pub fn reason_at(&self, at_ms: i64) -> Option<PhaseReason> {
        self.reasons
            .iter()
            .rev()
            .find(|(since, _)| *since <= at_ms)
            .and_then(|(_, reason)| reason.clone())
    }

    /// When its work finished, if it has by `at_ms`.
    pub fn finished_by(&self, at_ms: i64) -> Option<i64> {
        match self.placements.last()?.end {
            Some((end, Ending::Finished)) if end <= at_ms => Some(end),
            _ => None,
        }
    }

    /// When it was deleted while running, if it has been.
    pub fn deleted_running(&self) -> Option<i64> {
        match self.placements.last()?.end {
            Some((end, Ending::Deleted)) => Some(end),
            _ => None,
        }
    }

    /// Records the scheduler's reason at `at_ms` when it differs from the last one.
    pub fn note_reason(&mut self, at_ms: i64, reason: Option<PhaseReason>) {
        let last = self.reasons.last().map(|(_, r)| r);
        if last != Some(&reason) {
            self.reasons.push((at_ms, reason));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timeline_answers_for_any_instant() {
        let timeline = Timeline {
            placements: vec![
                Placement {
                    start_ms: 100,
                    end: Some((200, Ending::Preempted)),
                },
                Placement {
                    start_ms: 300,
                    end: Some((400, Ending::Finished)),
                },
            ],
            reasons: vec![(0, Some(PhaseReason::OverLimit)), (50, None)],
            deleted_waiting_ms: None,
        };
        assert_eq!(timeline.placement_at(99), None);
        assert_eq!(timeline.placement_at(100).unwrap().start_ms, 100);
        assert_eq!(timeline.placement_at(250), None, "preempted, waiting again");
        assert_eq!(timeline.placement_at(399).unwrap().start_ms, 300);
        assert_eq!(timeline.placement_at(400), None);
        assert_eq!(timeline.finished_by(399), None);
        assert_eq!(timeline.finished_by(400), Some(400));
        assert_eq!(timeline.reason_at(10), Some(PhaseReason::OverLimit));
        assert_eq!(timeline.reason_at(60), None);
    }
}
