//! What one running workload is doing at an instant, in trace time: each workload
//! plays a phase of the real H100 trace (training, serving, idle) stretched and
//! phase-shifted by its own seed, so charts have the texture of real hardware. Running
//! workloads also rest the way real ones do: notebooks sit idle for hours between
//! sessions, training stalls for minutes waiting on data, some training runs hang (all
//! their GPUs, or all but one) until they end, and a quarter of services and notebooks
//! hold GPUs they never use; a rest or a hang replays the trace's idle tail.

use super::{generate::SimWorkload, rng::Rng};

/// The trace's serving phase, which inference workloads loop over.
const SERVE: (f64, f64) = (80.2, 155.0);
/// The trace's idle tail: GPUs allocated, nothing running on them.
const IDLE: (f64, f64) = (155.5, 176.0);
const HOUR_MS: i64 = 3_600_000;
/// Notebooks sit idle between sessions in this share of their hours.
const NOTEBOOK_IDLE_HOURS: u64 = 45;
/// Training waits for data in this share of its five-minute slots.
const TRAINING_DATA_GAPS: u64 = 12;

/// What one workload is doing at one instant, in trace time.
pub(crate) struct Moment {
    /// Seconds into the trace, per GPU.
    pub trace_t: Vec<f64>,
    /// Whole loops of the serving window completed (for cumulative counters).
    pub loops: f64,
}

/// The trace window a workload replays.
fn window(w: &SimWorkload) -> (f64, f64) {
    match (w.idle, w.kind.category) {
        (true, _) => IDLE,
        (_, "Deploy") if w.kind.inference => SERVE,
        (_, "Deploy") | (_, "Build") => (0.0, 176.0),
        _ => (10.0, 80.0),
    }
}

/// Whether a running workload rests at `at_ms` (GPUs allocated, idle): a notebook left
/// open between sessions (whole hours of it), or training waiting for data (a few
/// minutes at a time). Drawn per hour or slot from the workload's index, so the same
/// instant always answers the same.
fn resting(w: &SimWorkload, started_ms: i64, at_ms: i64) -> bool {
    let since = (at_ms - started_ms).max(0);
    let (slot_ms, share) = match w.kind.category {
        "Build" => (HOUR_MS, NOTEBOOK_IDLE_HOURS),
        "Train" => (5 * 60_000, TRAINING_DATA_GAPS),
        _ => return false,
    };
    let slot = (since / slot_ms) as u64;
    Rng::derive(w.index ^ 0x1D1E, slot).next_u64() % 100 < share
}

/// Training runs that hang in this share: from some time into the run (45 minutes to
/// 6¾ hours) their GPUs stay idle until the run ends, all of them, or in one hang of
/// three all but the first (a partial stall: one rank still spinning).
const TRAINING_HANGS: u64 = 15;

/// When a training run hangs (milliseconds after its start) and whether its first GPU
/// goes on working; drawn from the workload's index, so it always answers the same.
fn hang(w: &SimWorkload) -> Option<(i64, bool)> {
    if w.kind.category != "Train" {
        return None;
    }
    let mut rng = Rng::derive(w.index ^ 0x4A46, 0);
    (rng.next_u64() % 100 < TRAINING_HANGS).then(|| {
        let after = 45 * 60_000 + (rng.next_u64() % (6 * HOUR_MS as u64)) as i64;
        (after, rng.next_u64().is_multiple_of(3))
    })
}

pub(crate) fn moment(w: &SimWorkload, started_ms: i64, at_ms: i64, gpus: usize) -> Moment {
    let rests = resting(w, started_ms, at_ms);
    let hung = hang(w).filter(|(after, _)| at_ms - started_ms >= *after);
    let played = (at_ms - started_ms) as f64 / 1000.0 / w.trace_stretch + w.trace_offset_s;
    let trace_t = (0..gpus.max(1))
        .map(|g| {
            let quiet = rests || hung.is_some_and(|(_, partial)| !(partial && g == 0));
            let (start, end) = if quiet { IDLE } else { window(w) };
            start + (played + g as f64 * 3.7).rem_euclid(end - start)
        })
        .collect();
    let (start, end) = if rests { IDLE } else { window(w) };
    Moment {
        trace_t,
        loops: (played / (end - start)).floor(),
    }
}
