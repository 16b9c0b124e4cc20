//! How long a pending workload is likely still to wait: the waits (`totalPendingTimeSeconds`)
//! of similar workloads that already left the queue in the same node pools, taken only
//! among those that waited at least as long as this one has (a workload that has waited
//! an hour is not helped by the many that started within a minute), minus the time
//! already waited. The answer is a range with its sample size, or "not enough history".

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
    /// The 10th, 50th and 90th percentiles of the remaining wait, in seconds.
    Likely {
        p10_s: f64,
        p50_s: f64,
        p90_s: f64,
        /// How many comparable workloads they come from.
        sample: usize,
    },
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
/// waits `history_s` of comparable workloads that already started.
pub fn estimate_wait(history_s: &[f64], waited_s: f64) -> WaitEstimate {
    let mut remaining: Vec<f64> = history_s
        .iter()
        .filter(|wait| wait.is_finite() && **wait >= waited_s)
        .map(|wait| wait - waited_s)
        .collect();
    if remaining.len() < MIN_SAMPLE {
        return WaitEstimate::NotEnoughHistory {
            sample: remaining.len(),
        };
    }
    remaining.sort_by(f64::total_cmp);
    WaitEstimate::Likely {
        p10_s: quantile(&remaining, 0.1),
        p50_s: quantile(&remaining, 0.5),
        p90_s: quantile(&remaining, 0.9),
        sample: remaining.len(),
    }
}

/// The `q` quantile of sorted, non-empty `values`, interpolated between neighbours.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let at = q * (sorted.len() - 1) as f64;
    let (below, above) = (at.floor() as usize, at.ceil() as usize);
    sorted[below] + (sorted[above] - sorted[below]) * (at - below as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_comes_from_the_history_minus_the_time_waited() {
        // Waits of 10, 20, …, 100 minutes.
        let history: Vec<f64> = (1..=10).map(|m| f64::from(m) * 600.0).collect();
        assert_eq!(
            estimate_wait(&history, 0.0),
            WaitEstimate::Likely {
                p10_s: 600.0 + 0.9 * 600.0,
                p50_s: 3_300.0,
                p90_s: 5_400.0 + 0.1 * 600.0,
                sample: 10
            }
        );
    }

    #[test]
    fn having_waited_conditions_the_history() {
        // 20 workloads: half started within a minute, half after two hours. One that has
        // waited 30 minutes is among the second kind: 90 more minutes, not a minute.
        let history: Vec<f64> = (0..20)
            .map(|i| if i < 10 { 60.0 } else { 7_200.0 })
            .collect();
        match estimate_wait(&history, 1_800.0) {
            WaitEstimate::Likely {
                p10_s,
                p50_s,
                p90_s,
                sample,
            } => {
                assert_eq!(sample, 10);
                assert_eq!((p10_s, p50_s, p90_s), (5_400.0, 5_400.0, 5_400.0));
            }
            other => panic!("{other:?}"),
        }
        // Waited longer than any history: nothing to say.
        assert_eq!(
            estimate_wait(&history, 9_000.0),
            WaitEstimate::NotEnoughHistory { sample: 0 }
        );
    }

    #[test]
    fn a_short_history_is_not_enough() {
        let history = [60.0; MIN_SAMPLE - 1];
        assert_eq!(
            estimate_wait(&history, 0.0),
            WaitEstimate::NotEnoughHistory {
                sample: MIN_SAMPLE - 1
            }
        );
        assert!(matches!(
            estimate_wait(&[60.0; MIN_SAMPLE], 0.0),
            WaitEstimate::Likely {
                sample: MIN_SAMPLE,
                ..
            }
        ));
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
