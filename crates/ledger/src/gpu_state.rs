//! What a running workload's GPUs are doing now, from their utilization samples:
//! - **busy**: no GPU has sat under the idle threshold for the stall window;
//! - **idle**: every GPU is under the threshold now, for less than the stall window (a
//!   pause: data loading, a notebook between cells);
//! - **stalled**: the workload was busy, then some of its GPUs stayed under the threshold
//!   for at least the stall window while it still holds them (a hung run); when others
//!   are still busy the stall is partial, and says how many of how many;
//! - **never used**: it has held its GPUs for at least the stall window and none ever
//!   went above the threshold (a notebook opened and left);
//! - **unknown**: no utilization samples.
//!
//! The idle threshold is the ledger's, so "idle" means the same on every page. A
//! missing sample neither starts nor ends a quiet stretch.

use serde::{Deserialize, Serialize};

/// The stall window when none is configured: 30 minutes.
pub const DEFAULT_STALL_MS: i64 = 30 * 60_000;

/// How a workload's GPU state is decided.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StateRule {
    /// A GPU under this utilization (percent) is idle.
    pub idle_threshold_percent: f64,
    /// How long a GPU must stay idle to count as stalled, in milliseconds.
    pub stall_ms: i64,
}

/// What a running workload's GPUs are doing.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum GpuState {
    /// At least one GPU is working and none has stalled.
    Busy,
    /// Every GPU has been under the threshold since `since_ms`, for less than the
    /// stall window.
    Idle { since_ms: i64 },
    /// `gpus` of its `of` GPUs have been under the threshold since `since_ms` (the
    /// first of them to go quiet), for at least the stall window, after the workload
    /// was busy; fewer than all is a partial stall.
    Stalled {
        since_ms: i64,
        gpus: usize,
        of: usize,
    },
    /// Held since at least `since_ms` (the first sample), never above the threshold.
    NeverUsed { since_ms: i64 },
    /// No utilization samples.
    Unknown,
}

impl GpuState {
    /// Its word in URLs, filters and CSV.
    pub fn word(&self) -> &'static str {
        match self {
            GpuState::Busy => "busy",
            GpuState::Idle { .. } => "idle",
            GpuState::Stalled { .. } => "stalled",
            GpuState::NeverUsed { .. } => "never-used",
            GpuState::Unknown => "unknown",
        }
    }

    /// Where it sorts, what needs attention first: stalled, never used, idle, busy,
    /// unknown.
    pub fn attention_rank(&self) -> u8 {
        match self {
            GpuState::Stalled { .. } => 0,
            GpuState::NeverUsed { .. } => 1,
            GpuState::Idle { .. } => 2,
            GpuState::Busy => 3,
            GpuState::Unknown => 4,
        }
    }

    /// What a person reads: "busy", "stalled (7 of 8 GPUs)", "never used".
    pub fn label(&self) -> String {
        match self {
            GpuState::Busy => "busy".to_owned(),
            GpuState::Idle { .. } => "idle".to_owned(),
            GpuState::Stalled { gpus, of, .. } if gpus < of => {
                format!("stalled ({gpus} of {of} GPUs)")
            }
            GpuState::Stalled { .. } => "stalled".to_owned(),
            GpuState::NeverUsed { .. } => "never used".to_owned(),
            GpuState::Unknown => "unknown".to_owned(),
        }
    }

    /// Whether it is worth someone's attention: stalled or never used.
    pub fn wastes_gpus(&self) -> bool {
        matches!(self, GpuState::Stalled { .. } | GpuState::NeverUsed { .. })
    }
}

/// One GPU's samples, read once.
struct Gpu {
    /// Its first and last sample.
    first_ms: i64,
    last_ms: i64,
    /// Whether any sample was at or above the threshold.
    ever_busy: bool,
    /// The start of the quiet stretch it is in now (`None`: busy at its last sample).
    quiet_since_ms: Option<i64>,
}

fn read_gpu(points: &[(i64, f64)], threshold: f64) -> Option<Gpu> {
    let mut gpu: Option<Gpu> = None;
    for &(at, value) in points.iter().filter(|(_, v)| v.is_finite()) {
        let busy = value >= threshold;
        let g = gpu.get_or_insert(Gpu {
            first_ms: at,
            last_ms: at,
            ever_busy: false,
            quiet_since_ms: None,
        });
        g.last_ms = at;
        if busy {
            g.ever_busy = true;
            g.quiet_since_ms = None;
        } else if g.quiet_since_ms.is_none() {
            g.quiet_since_ms = Some(at);
        }
    }
    gpu
}

/// The state of a workload whose GPUs' utilization (percent) is `per_gpu`, each GPU's
/// `(time ms, value)` samples in time order; `busy_before`: whether it is known to have
/// been busy before the first sample (the ledger's hours say so).
pub fn gpu_state(per_gpu: &[Vec<(i64, f64)>], busy_before: bool, rule: StateRule) -> GpuState {
    let gpus: Vec<Gpu> = per_gpu
        .iter()
        .filter_map(|points| read_gpu(points, rule.idle_threshold_percent))
        .collect();
    let (Some(first_ms), Some(now_ms)) = (
        gpus.iter().map(|g| g.first_ms).min(),
        gpus.iter().map(|g| g.last_ms).max(),
    ) else {
        return GpuState::Unknown;
    };
    let ever_busy = busy_before || gpus.iter().any(|g| g.ever_busy);
    if !ever_busy {
        return match now_ms - first_ms >= rule.stall_ms {
            true => GpuState::NeverUsed { since_ms: first_ms },
            false => GpuState::Idle { since_ms: first_ms },
        };
    }
    let stalled: Vec<i64> = gpus
        .iter()
        .filter_map(|g| g.quiet_since_ms)
        .filter(|since| now_ms - since >= rule.stall_ms)
        .collect();
    if let Some(since_ms) = stalled.iter().min().copied() {
        return GpuState::Stalled {
            since_ms,
            gpus: stalled.len(),
            of: gpus.len(),
        };
    }
    let quiet: Vec<i64> = gpus.iter().filter_map(|g| g.quiet_since_ms).collect();
    match quiet.len() == gpus.len() {
        // All quiet, none for long: idle since the last of them went quiet.
        true => GpuState::Idle {
            since_ms: quiet.into_iter().max().unwrap_or(now_ms),
        },
        false => GpuState::Busy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;
    const RULE: StateRule = StateRule {
        idle_threshold_percent: 5.0,
        stall_ms: 30 * MIN,
    };

    /// A GPU sampled every 5 minutes for `values.len()` samples from 0.
    fn gpu(values: &[f64]) -> Vec<(i64, f64)> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| (i as i64 * 5 * MIN, *v))
            .collect()
    }

    /// Busy for `busy` samples, then idle for `idle`.
    fn busy_then_idle(busy: usize, idle: usize) -> Vec<(i64, f64)> {
        let mut values = vec![80.0; busy];
        values.extend(vec![1.0; idle]);
        gpu(&values)
    }

    #[test]
    fn a_working_gpu_is_busy() {
        assert_eq!(gpu_state(&[gpu(&[70.0; 12])], false, RULE), GpuState::Busy);
    }

    #[test]
    fn a_dip_shorter_than_the_window_is_not_a_stall() {
        // Busy an hour, then quiet 25 minutes (six samples 5 minutes apart).
        let dip = busy_then_idle(12, 6);
        assert_eq!(
            gpu_state(std::slice::from_ref(&dip), false, RULE),
            GpuState::Idle { since_ms: 60 * MIN }
        );
        // A dip in the past, busy again: busy.
        let mut back = dip;
        back.push((90 * MIN, 60.0));
        assert_eq!(gpu_state(&[back], false, RULE), GpuState::Busy);
    }

    #[test]
    fn quiet_for_the_window_after_work_is_a_stall() {
        // Busy an hour, then quiet 30 minutes: seven samples from 60 to 90 minutes.
        let hung = busy_then_idle(12, 7);
        assert_eq!(
            gpu_state(&[hung.clone(), hung], false, RULE),
            GpuState::Stalled {
                since_ms: 60 * MIN,
                gpus: 2,
                of: 2
            }
        );
    }

    #[test]
    fn one_busy_gpu_of_eight_makes_a_partial_stall() {
        let mut gpus = vec![busy_then_idle(6, 12); 7];
        gpus.push(gpu(&[90.0; 18]));
        let state = gpu_state(&gpus, false, RULE);
        assert_eq!(
            state,
            GpuState::Stalled {
                since_ms: 30 * MIN,
                gpus: 7,
                of: 8
            }
        );
        assert_eq!(state.label(), "stalled (7 of 8 GPUs)");
        assert!(state.wastes_gpus());
    }

    #[test]
    fn never_above_the_threshold_for_the_window_is_never_used() {
        let quiet = gpu(&[0.0; 7]);
        assert_eq!(
            gpu_state(std::slice::from_ref(&quiet), false, RULE),
            GpuState::NeverUsed { since_ms: 0 }
        );
        // Quiet for less than the window: only idle so far.
        assert_eq!(
            gpu_state(&[gpu(&[0.0; 6])], false, RULE),
            GpuState::Idle { since_ms: 0 }
        );
        // Known to have worked before these samples: a stall, not "never used".
        assert_eq!(
            gpu_state(&[quiet], true, RULE),
            GpuState::Stalled {
                since_ms: 0,
                gpus: 1,
                of: 1
            }
        );
    }

    #[test]
    fn no_samples_is_unknown_and_missing_samples_do_not_break_a_stretch() {
        assert_eq!(gpu_state(&[], false, RULE), GpuState::Unknown);
        assert_eq!(gpu_state(&[vec![]], false, RULE), GpuState::Unknown);
        assert_eq!(
            gpu_state(&[vec![(0, f64::NAN)]], false, RULE),
            GpuState::Unknown
        );
        // Busy, then quiet with a missing value inside: still one quiet stretch.
        let mut hung = busy_then_idle(2, 7);
        hung[4].1 = f64::NAN;
        assert!(matches!(
            gpu_state(&[hung], false, RULE),
            GpuState::Stalled { .. }
        ));
    }

    #[test]
    fn each_state_has_a_word_and_a_label() {
        for (state, word, label) in [
            (GpuState::Busy, "busy", "busy"),
            (GpuState::Idle { since_ms: 0 }, "idle", "idle"),
            (
                GpuState::Stalled {
                    since_ms: 0,
                    gpus: 8,
                    of: 8,
                },
                "stalled",
                "stalled",
            ),
            (
                GpuState::NeverUsed { since_ms: 0 },
                "never-used",
                "never used",
            ),
            (GpuState::Unknown, "unknown", "unknown"),
        ] {
            assert_eq!((state.word(), state.label().as_str()), (word, label));
        }
    }
}
