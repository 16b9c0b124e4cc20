//! An estimate in words, as the workload page's queue panel and the queue page say it.

use super::{MIN_SAMPLE, QueueEstimate, WaitEstimate, standing::HISTORY_DAYS};
use crate::format::format_seconds;

impl QueueEstimate {
    /// What the estimate says, in words: a range with the history it stands on, or why
    /// there is none (`blocked`: whether its own project holds it back).
    pub fn sentence(&self, blocked: bool) -> String {
        let answer = self;
        let what = if blocked {
            "Likely to be unblocked (its project freeing enough GPUs)"
        } else {
            "Likely to start"
        };
        let judged = |sample: &usize| match answer.basis {
            Some(basis) => format!("{}.", basis.judged_by(*sample, HISTORY_DAYS)),
            None => String::new(),
        };
        match &answer.estimate {
            WaitEstimate::Likely {
                p10_s,
                p50_s: Some(p50_s),
                p90_s: Some(p90_s),
                sample,
                ..
            } => format!(
                "{what} between {} and {} from now (median {}), {}",
                format_seconds(*p10_s),
                format_seconds(*p90_s),
                format_seconds(*p50_s),
                judged(sample),
            ),
            WaitEstimate::Likely {
                p10_s,
                p50_s: Some(p50_s),
                p90_s: None,
                reaches_s,
                sample,
            } => format!(
                "{what} between {} and more than {} from now (median {}; the history \
                 reaches no further), {}",
                format_seconds(*p10_s),
                format_seconds(*reaches_s),
                format_seconds(*p50_s),
                judged(sample),
            ),
            WaitEstimate::Likely {
                p10_s,
                reaches_s,
                sample,
                ..
            } => format!(
                "{what} no sooner than {} from now, and more likely than not after {} \
                 (the history reaches no further), {}",
                format_seconds(*p10_s),
                format_seconds(*reaches_s),
                judged(sample),
            ),
            WaitEstimate::NotEnoughHistory { sample } if blocked => format!(
                "Not enough history to estimate when its project frees enough GPUs: only \
                 {sample} of its project's workloads started after waiting at least this long \
                 in these node pools over the last {HISTORY_DAYS} days ({MIN_SAMPLE} are \
                 needed), and neither the pools' waits nor how long their workloads run \
                 gave a range."
            ),
            WaitEstimate::NotEnoughHistory { sample } => format!(
                "Not enough history to estimate the wait: {sample} similar workloads started \
                 after waiting at least this long in these node pools over the last \
                 {HISTORY_DAYS} days ({MIN_SAMPLE} are needed, and a tenth of those that \
                 waited this long must have started), and neither workloads of any size here \
                 nor the whole cluster's history gave a range."
            ),
        }
    }

    /// The range in a few words, for a table cell: "2 h – 5 h (median 3 h)", "more than
    /// …", or "not enough history".
    pub fn short(&self) -> String {
        match &self.estimate {
            WaitEstimate::Likely {
                p10_s,
                p50_s: Some(p50_s),
                p90_s: Some(p90_s),
                ..
            } => format!(
                "{} – {} (median {})",
                format_seconds(*p10_s),
                format_seconds(*p90_s),
                format_seconds(*p50_s)
            ),
            WaitEstimate::Likely {
                p10_s, reaches_s, ..
            } => format!(
                "{} – more than {}",
                format_seconds(*p10_s),
                format_seconds(*reaches_s)
            ),
            WaitEstimate::NotEnoughHistory { .. } => "not enough history".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queue::Basis;

    fn estimate_text(estimate: &QueueEstimate, blocked: bool) -> String {
        estimate.sentence(blocked)
    }

    #[test]
    fn the_estimate_reads_as_a_range_with_its_sample_or_says_it_cannot() {
        let on = |estimate| QueueEstimate {
            estimate,
            basis: Some(Basis::SimilarInPools),
        };
        let likely = estimate_text(
            &on(WaitEstimate::Likely {
                p10_s: 120.0,
                p50_s: Some(900.0),
                p90_s: Some(3_600.0),
                reaches_s: 7_200.0,
                sample: 12,
            }),
            false,
        );
        assert!(
            likely.contains("between 2 min 00 s and 1 h 00 min from now (median 15 min"),
            "{likely}"
        );
        assert!(
            likely.contains("judging by 12 workloads asking for a similar number of GPUs"),
            "{likely}"
        );
        let open = estimate_text(
            &on(WaitEstimate::Likely {
                p10_s: 120.0,
                p50_s: Some(900.0),
                p90_s: None,
                reaches_s: 7_200.0,
                sample: 12,
            }),
            false,
        );
        assert!(
            open.contains("between 2 min 00 s and more than 2 h 00 min from now"),
            "{open}"
        );
        let later = estimate_text(
            &on(WaitEstimate::Likely {
                p10_s: 120.0,
                p50_s: None,
                p90_s: None,
                reaches_s: 7_200.0,
                sample: 12,
            }),
            false,
        );
        assert!(
            later.contains(
                "no sooner than 2 min 00 s from now, and more likely than not after 2 h 00 min"
            ),
            "{later}"
        );
        let unknown = estimate_text(
            &QueueEstimate {
                estimate: WaitEstimate::NotEnoughHistory { sample: 3 },
                basis: None,
            },
            false,
        );
        assert!(unknown.starts_with("Not enough history"), "{unknown}");
        assert!(unknown.contains("(8 are needed"), "{unknown}");
        let unblocked = estimate_text(
            &QueueEstimate {
                estimate: WaitEstimate::Likely {
                    p10_s: 600.0,
                    p50_s: Some(3_600.0),
                    p90_s: Some(7_200.0),
                    reaches_s: 9_000.0,
                    sample: 9,
                },
                basis: Some(Basis::ProjectRuns),
            },
            true,
        );
        assert!(
            unblocked.starts_with(
                "Likely to be unblocked (its project freeing enough GPUs) between 10 min"
            ),
            "{unblocked}"
        );
        assert!(
            unblocked.contains("9 finished workloads of its project"),
            "{unblocked}"
        );
    }

    #[test]
    fn a_table_cell_gives_the_range_in_a_few_words() {
        let estimate = |p90_s| QueueEstimate {
            estimate: WaitEstimate::Likely {
                p10_s: 600.0,
                p50_s: Some(1_800.0),
                p90_s,
                reaches_s: 7_200.0,
                sample: 9,
            },
            basis: Some(crate::queue::Basis::SimilarInPools),
        };
        assert_eq!(
            estimate(Some(3_600.0)).short(),
            "10 min 00 s – 1 h 00 min (median 30 min 00 s)"
        );
        assert_eq!(estimate(None).short(), "10 min 00 s – more than 2 h 00 min");
    }
}
