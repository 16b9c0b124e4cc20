//! How long a pending workload is likely still to wait, from the waits
//! (`totalPendingTimeSeconds`) of similar workloads in the same node pools: those that
//! already left the queue, and those still in it, which have waited *at least* their
//! time so far. Ignoring the second kind would learn only from the short waits (the long
//! ones have not ended yet) and promise too early a start, so the distribution is the
//! Kaplan–Meier estimate, with the ones still waiting as censored observations.
//!
//! It is taken only among those that waited at least as long as this one has (a
//! workload that has waited an hour is not helped by the many that started within a
//! minute), minus the time already waited. The answer is a range with its sample size,
//! or "not enough history"; where the history runs out before a percentile is reached,
//! the range is open-ended and says how far the history reaches.

use serde::{Deserialize, Serialize};

/// Fewer comparable starts than this, and no range is given.
pub const MIN_SAMPLE: usize = 8;

/// The remaining wait of a pending workload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WaitEstimate {
    /// Too few comparable workloads left the queue after waiting this long.
    NotEnoughHistory {
        /// How many there were.
        sample: usize,
    },
    /// Percentiles of the remaining wait, in seconds; `None` where the history runs out
    /// first (more of those that waited this long are still waiting than the percentile
    /// leaves): the wait is then longer than `reaches_s`.
    Likely {
        p10_s: f64,
        p50_s: Option<f64>,
        p90_s: Option<f64>,
        /// The longest remaining wait the history covers (started or still waiting).
        reaches_s: f64,
        /// How many comparable workloads started after waiting this long.
        sample: usize,
    },
}

impl WaitEstimate {
    /// The range with its far end (the 90th percentile) at least `waited_s` away: a
    /// workload that has waited `waited_s` is likely to wait at least as long again.
    ///
    /// The release-based bases answer only where the workload has already waited longer
    /// than nearly every comparable one, which says it is hard to place, for reasons they
    /// cannot see (freed GPUs scattered over nodes with no room for it: the API says
    /// nothing of nodes). A wait's tail is heavy, so the time waited so far is a floor
    /// for how much longer it may take; without it their ranges end too early
    /// (BENCHMARKS.md measures both).
    pub fn at_least_as_long_again(self, waited_s: f64) -> Self {
        let waited_s = if waited_s.is_finite() {
            waited_s.max(0.0)
        } else {
            0.0
        };
        match self {
            Self::Likely {
                p10_s,
                p50_s,
                p90_s,
                reaches_s,
                sample,
            } => Self::Likely {
                p10_s,
                p50_s,
                p90_s: p90_s.map(|p90| p90.max(waited_s)),
                reaches_s: reaches_s.max(waited_s),
                sample,
            },
            thin => thin,
        }
    }
}

/// Whether two GPU requests are alike enough to share a history: both without GPUs, or
/// within a factor of two of each other.
pub fn similar_request(a: f64, b: f64) -> bool {
    match (a > 0.0, b > 0.0) {
        (false, false) => true,
        (true, true) => a.max(b) <= 2.0 * a.min(b),
        _ => false,
    }
}

/// The remaining wait of a workload that has waited `waited_s` seconds, from the total
/// waits `started_s` of comparable workloads that already started and the waits so far
/// `waiting_s` of comparable workloads still pending.
pub fn estimate_wait(started_s: &[f64], waiting_s: &[f64], waited_s: f64) -> WaitEstimate {
    let remaining = |waits: &[f64], started: bool| -> Vec<(f64, bool)> {
        waits
            .iter()
            .filter(|wait| wait.is_finite() && **wait >= waited_s)
            .map(|wait| (wait - waited_s, started))
            .collect()
    };
    let mut observed = remaining(started_s, true);
    let sample = observed.len();
    observed.extend(remaining(waiting_s, false));
    if sample < MIN_SAMPLE {
        return WaitEstimate::NotEnoughHistory { sample };
    }
    // At one instant, starts count before the ones still waiting (the usual convention:
    // those were still at risk then).
    observed.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    let [p10, p50, p90] = kaplan_meier_quantiles(&observed, [0.1, 0.5, 0.9]);
    let Some(p10_s) = p10 else {
        return WaitEstimate::NotEnoughHistory { sample };
    };
    WaitEstimate::Likely {
        p10_s,
        p50_s: p50,
        p90_s: p90,
        reaches_s: observed.last().map_or(0.0, |(t, _)| *t),
        sample,
    }
}

/// The smallest times by which the share `q` of workloads has started, for each `q`, from
/// `(time, started)` observations sorted by time; `None` where the history runs out first.
fn kaplan_meier_quantiles<const N: usize>(
    observed: &[(f64, bool)],
    quantiles: [f64; N],
) -> [Option<f64>; N] {
    let mut found = [None; N];
    let mut at_risk = observed.len() as f64;
    let mut still_waiting = 1.0;
    for group in observed.chunk_by(|a, b| a.0 == b.0) {
        let time = group[0].0;
        let started = group.iter().filter(|(_, started)| *started).count() as f64;
        if started > 0.0 {
            still_waiting *= 1.0 - started / at_risk;
            for (q, slot) in quantiles.iter().zip(found.iter_mut()) {
                if slot.is_none() && 1.0 - still_waiting >= q - 1e-12 {
                    *slot = Some(time);
                }
            }
        }
        at_risk -= group.len() as f64;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn likely(estimate: WaitEstimate) -> (f64, Option<f64>, Option<f64>, f64, usize) {
        match estimate {
            WaitEstimate::Likely {
                p10_s,
                p50_s,
                p90_s,
                reaches_s,
                sample,
            } => (p10_s, p50_s, p90_s, reaches_s, sample),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn with_nobody_still_waiting_the_range_is_the_historys_percentiles() {
        // Waits of 10, 20, …, 100 minutes.
        let history: Vec<f64> = (1..=10).map(|m| f64::from(m) * 600.0).collect();
        assert_eq!(
            likely(estimate_wait(&history, &[], 0.0)),
            (600.0, Some(3_000.0), Some(5_400.0), 6_000.0, 10)
        );
    }

    #[test]
    fn having_waited_conditions_the_history() {
        // 20 workloads: half started within a minute, half after two hours. One that has
        // waited 30 minutes is among the second kind: 90 more minutes, not a minute.
        let history: Vec<f64> = (0..20)
            .map(|i| if i < 10 { 60.0 } else { 7_200.0 })
            .collect();
        assert_eq!(
            likely(estimate_wait(&history, &[], 1_800.0)),
            (5_400.0, Some(5_400.0), Some(5_400.0), 5_400.0, 10)
        );
        // Waited longer than any history: nothing to say.
        assert_eq!(
            estimate_wait(&history, &[], 9_000.0),
            WaitEstimate::NotEnoughHistory { sample: 0 }
        );
    }

    #[test]
    fn those_still_waiting_push_the_range_out() {
        // Ten started after 10 to 100 minutes; ten more have waited 3 hours and still
        // wait. Half of all twenty started by 100 minutes; the 90th percentile lies
        // beyond the history, which reaches 3 hours.
        let started: Vec<f64> = (1..=10).map(|m| f64::from(m) * 600.0).collect();
        let waiting = [10_800.0; 10];
        assert_eq!(
            likely(estimate_wait(&started, &waiting, 0.0)),
            (1_200.0, Some(6_000.0), None, 10_800.0, 10)
        );
        // Counted as started, the same twenty would end the range at 3 hours.
        let all: Vec<f64> = started.iter().chain(&waiting).copied().collect();
        assert_eq!(likely(estimate_wait(&all, &[], 0.0)).2, Some(10_800.0));
        // Still waiting at an instant when others started: those were at risk then.
        let (_, p50, ..) = likely(estimate_wait(&[60.0; 8], &[60.0; 8], 0.0));
        assert_eq!(p50, Some(60.0));
    }

    #[test]
    fn a_short_history_is_not_enough() {
        let history = [60.0; MIN_SAMPLE - 1];
        assert_eq!(
            estimate_wait(&history, &[120.0; 50], 0.0),
            WaitEstimate::NotEnoughHistory {
                sample: MIN_SAMPLE - 1
            }
        );
        assert!(matches!(
            estimate_wait(&[60.0; MIN_SAMPLE], &[], 0.0),
            WaitEstimate::Likely {
                sample: MIN_SAMPLE,
                ..
            }
        ));
        // Enough starts, but so many more still waiting that not even a tenth started.
        assert_eq!(
            estimate_wait(&[60.0; MIN_SAMPLE], &[600.0; 200], 0.0),
            WaitEstimate::NotEnoughHistory { sample: MIN_SAMPLE }
        );
    }

    #[test]
    fn a_long_wait_so_far_pushes_the_far_end_out_and_nothing_else() {
        let short = WaitEstimate::Likely {
            p10_s: 600.0,
            p50_s: Some(1_800.0),
            p90_s: Some(3_600.0),
            reaches_s: 7_200.0,
            sample: 9,
        };
        // Waited two hours: the far end is at least two hours away.
        assert_eq!(
            likely(short.clone().at_least_as_long_again(7_200.0)),
            (600.0, Some(1_800.0), Some(7_200.0), 7_200.0, 9)
        );
        // Waited ten minutes: the range stands as it was.
        assert_eq!(short.clone().at_least_as_long_again(600.0), short);
        // An open-ended range stays open; its reach grows.
        let open = WaitEstimate::Likely {
            p10_s: 600.0,
            p50_s: None,
            p90_s: None,
            reaches_s: 3_600.0,
            sample: 9,
        };
        assert_eq!(
            likely(open.at_least_as_long_again(9_000.0)),
            (600.0, None, None, 9_000.0, 9)
        );
        // Nonsense waits change nothing; "not enough history" stays so.
        assert_eq!(short.clone().at_least_as_long_again(f64::NAN), short);
        let thin = WaitEstimate::NotEnoughHistory { sample: 3 };
        assert_eq!(thin.clone().at_least_as_long_again(9_000.0), thin);
    }

    #[test]
    fn similar_requests_are_within_a_factor_of_two() {
        assert!(similar_request(4.0, 8.0));
        assert!(similar_request(0.5, 1.0));
        assert!(!similar_request(1.0, 8.0));
        assert!(similar_request(0.0, 0.0));
        assert!(!similar_request(0.0, 1.0));
    }
}
