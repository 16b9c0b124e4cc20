//! How much of the asked window the ledger holds: collection begins at some hour and
//! has come up to another, so a window may reach before the first (the page says
//! "since collection began") and a day may be held only in part (marked as partial).

use ledger::calendar::DAY_MS;

use super::data::LedgerAnswer;

/// The part of the window the ledger holds, in Unix milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Coverage {
    pub from_ms: i64,
    pub to_ms: i64,
    /// Where the asked window begins, before collection did.
    pub asked_from_ms: i64,
}

impl Coverage {
    /// What `answer` holds of its window; nothing before the collector's first round.
    pub fn of(answer: &LedgerAnswer) -> Self {
        let (from_ms, to_ms) = match &answer.progress {
            Some(p) => (
                answer.from_ms.max(p.backfill_from_ms),
                answer.to_ms.min(p.collected_to_ms),
            ),
            None => (answer.from_ms, answer.from_ms),
        };
        Self {
            from_ms,
            to_ms: to_ms.max(from_ms),
            asked_from_ms: answer.from_ms,
        }
    }

    /// When collection began, if the window asked for more than that.
    pub fn began_within(&self) -> Option<i64> {
        (self.from_ms > self.asked_from_ms).then_some(self.from_ms)
    }

    /// Whether the UTC day starting at `day_ms` is held only in part.
    pub fn partial(&self, day_ms: i64) -> bool {
        day_ms < self.from_ms || day_ms + DAY_MS > self.to_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::ledger::data::{CollectionProgress, GpuHours};

    const DAY0: i64 = 1_795_737_600_000; // 2026-11-27T00:00:00Z

    fn answer(from_ms: i64, to_ms: i64, collected: Option<(i64, i64)>) -> LedgerAnswer {
        LedgerAnswer {
            from_ms,
            to_ms,
            lines: vec![],
            days: vec![],
            total: GpuHours::default(),
            idle_threshold_percent: 5.0,
            progress: collected.map(|(from, to)| CollectionProgress {
                collected_to_ms: to,
                backfill_from_ms: from,
                round_to_ms: to,
                round_done: 0,
                round_total: 0,
            }),
            not_collecting: None,
            pricing: None,
            total_cost: None,
            budgets: None,
        }
    }

    #[test]
    fn a_window_reaching_before_collection_says_when_it_began() {
        let hour = ledger::calendar::HOUR_MS;
        // 30 days asked, 7 collected, up to 14:00 today.
        let coverage = Coverage::of(&answer(
            DAY0 - 23 * DAY_MS,
            DAY0 + 7 * DAY_MS + 15 * hour,
            Some((DAY0, DAY0 + 7 * DAY_MS + 14 * hour)),
        ));
        assert_eq!(coverage.began_within(), Some(DAY0));
        assert!(!coverage.partial(DAY0), "the first whole day");
        assert!(!coverage.partial(DAY0 + 6 * DAY_MS));
        assert!(coverage.partial(DAY0 + 7 * DAY_MS), "today, up to 14:00");
        assert!(coverage.partial(DAY0 - DAY_MS), "before collection");
        // Collection began at 09:00: its first day is partial, and the window that
        // starts with it asks for nothing it lacks.
        let late = Coverage::of(&answer(
            DAY0 + 9 * hour,
            DAY0 + 3 * DAY_MS,
            Some((DAY0 + 9 * hour, DAY0 + 3 * DAY_MS)),
        ));
        assert_eq!(late.began_within(), None);
        assert!(late.partial(DAY0));
        assert!(!late.partial(DAY0 + DAY_MS));
        // Before the first round, nothing is held.
        let none = Coverage::of(&answer(DAY0, DAY0 + DAY_MS, None));
        assert!(none.partial(DAY0));
    }
}
