//! When running workloads are likely to have released the GPUs a pending one needs: a
//! workload its own project blocks (over quota or limit) waits for its project's
//! workloads in its pools; one waiting for capacity, for any workload there. Each
//! running workload's remaining run time comes from how long finished workloads ran
//! (the Kaplan–Meier estimate, with those still running as censored), given how long it
//! has run so far, the same survival estimate the wait uses, on run times.
//!
//! How many GPUs must be released is not known: the API gives neither quotas and limits
//! nor free GPUs, only an upper bound (what it asks for, or all its project holds if
//! less). The shortfall is taken as equally likely to be any amount up to that bound,
//! so the chance of being unblocked by a time is the mean, over those amounts, of the
//! chance that the workloads ended by then hold at least that much between them
//! (workloads taken as independent): the expected share of the bound released.
//!
//! When more is asked than the holders hold (a long line ahead of it, or its project's
//! blocked workloads ahead of it), the rest can only come from work that has not started
//! yet: it must start and end first. Each further round of the holders' GPUs is taken
//! as one more run after the holders' release, its 10th, 50th and 90th percentiles
//! added to the release's (which keeps the range at least as wide as the truth's when
//! the rounds are independent).

use super::{MIN_SAMPLE, WaitEstimate};

/// A running workload that holds GPUs its blocked sibling needs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Holder {
    pub gpus: f64,
    /// Seconds it has run so far.
    pub ran_s: f64,
}

/// GPUs are counted in quarters (fractions of a GPU are released as they are held), or
/// coarser when that would make more units than this: the work (and memory) per
/// estimate stays bounded whatever the API says a workload asks for.
const MAX_UNITS: f64 = 1_024.0;
/// Run times past this (ten years, in seconds) are not believed: they keep the search
/// over seconds short and exact.
const MAX_RUN_S: f64 = 10.0 * 365.0 * 86_400.0;

/// Whether `t` is a run time worth reading.
fn plausible(t: f64) -> bool {
    (0.0..=MAX_RUN_S).contains(&t)
}
/// Holders looked at, at most, the longest-running first (they are the likeliest to end).
const MAX_HOLDERS: usize = 200;

/// The share of runs still going after each time a run ended: `(time, share)`, sorted.
fn survival(finished_s: &[f64], running_s: &[f64]) -> Vec<(f64, f64)> {
    let mut observed: Vec<(f64, bool)> = finished_s
        .iter()
        .filter(|t| plausible(**t))
        .map(|t| (*t, true))
        .chain(
            running_s
                .iter()
                .filter(|t| plausible(**t))
                .map(|t| (*t, false)),
        )
        .collect();
    // Runs that end at an instant count before those still running then.
    observed.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut curve = Vec::new();
    let mut at_risk = observed.len() as f64;
    let mut share = 1.0;
    for group in observed.chunk_by(|a, b| a.0 == b.0) {
        let ended = group.iter().filter(|(_, ended)| *ended).count() as f64;
        if ended > 0.0 {
            share *= 1.0 - ended / at_risk;
            curve.push((group[0].0, share));
        }
        at_risk -= group.len() as f64;
    }
    curve
}

/// The share still running after `t` seconds.
fn share_at(curve: &[(f64, f64)], t: f64) -> f64 {
    match curve.partition_point(|(time, _)| *time <= t) {
        0 => 1.0,
        n => curve[n - 1].1,
    }
}

/// How long runs take until a share `q` of them has ended, from their start; `None`
/// when the history does not reach that share.
fn ended_by(curve: &[(f64, f64)], q: f64) -> Option<f64> {
    curve
        .iter()
        .find(|(_, share)| *share <= 1.0 - q + 1e-12)
        .map(|(time, _)| *time)
}

/// The chance that, `t` seconds from now, enough has been released, for a shortfall
/// equally likely to be any number of units from 1 to `needed`: the mean over those of
/// the chance that the holders that have ended hold at least that many between them,
/// which is the expected share of `needed` released.
fn chance_released(
    curve: &[(f64, f64)],
    holders: &[Holder],
    units_per_gpu: f64,
    needed: usize,
    t: f64,
) -> f64 {
    // chance[k]: the chance that exactly k units (at most `needed`) have been released.
    let mut chance = vec![0.0; needed + 1];
    chance[0] = 1.0;
    for holder in holders {
        let now = share_at(curve, holder.ran_s);
        // Running past all the history ended: the history cannot say when it ends.
        let ended = if now > 0.0 {
            1.0 - share_at(curve, holder.ran_s + t) / now
        } else {
            0.0
        };
        if ended <= 0.0 {
            continue;
        }
        let units = ((holder.gpus * units_per_gpu).round() as usize).max(1);
        for k in (0..=needed).rev() {
            let moved = chance[k] * ended;
            if moved == 0.0 {
                continue;
            }
            chance[k] -= moved;
            chance[(k + units).min(needed)] += moved;
        }
    }
    chance
        .iter()
        .enumerate()
        .map(|(units, p)| units as f64 * p)
        .sum::<f64>()
        / needed as f64
}

/// How much longer a workload that has run `ran_s` seconds is likely to run (the
/// median), from the run times of finished workloads and the run times so far of those
/// still running; `None` when fewer than [`MIN_SAMPLE`] finished runs outlasted it or
/// half of those have not ended.
pub fn likely_end(finished_s: &[f64], running_s: &[f64], ran_s: f64) -> Option<f64> {
    let longer = finished_s
        .iter()
        .filter(|t| plausible(**t) && **t > ran_s)
        .count();
    if longer < MIN_SAMPLE {
        return None;
    }
    let curve = survival(finished_s, running_s);
    let now = share_at(&curve, ran_s);
    curve
        .iter()
        .find(|(time, share)| *time > ran_s && *share <= now / 2.0 + 1e-12)
        .map(|(time, _)| time - ran_s)
}

/// When at most `asks_gpus` GPUs (see the module's documentation) are likely to have
/// been released by `holders`, from the run times of finished workloads (`finished_s`)
/// and the run times so far of those still running (`running_s`); `sample` counts the
/// finished ones.
pub fn estimate_release(
    holders: &[Holder],
    finished_s: &[f64],
    running_s: &[f64],
    asks_gpus: f64,
) -> WaitEstimate {
    let mut finished: Vec<f64> = finished_s
        .iter()
        .copied()
        .filter(|t| plausible(*t))
        .collect();
    let running: Vec<f64> = running_s
        .iter()
        .copied()
        .filter(|t| plausible(*t))
        .collect();
    finished.sort_by(f64::total_cmp);
    let sample = finished.len();
    // Only holders that enough finished runs outlasted are read: as with waits, a run
    // is compared only with runs at least as long as it has gone so far.
    let mut holders: Vec<Holder> = holders
        .iter()
        .copied()
        .filter(|h| plausible(h.ran_s) && h.gpus.is_finite() && h.gpus > 0.0)
        .filter(|h| finished.len() - finished.partition_point(|t| *t <= h.ran_s) >= MIN_SAMPLE)
        .collect();
    let held: f64 = holders.iter().map(|h| h.gpus).sum();
    let asks_something = asks_gpus.is_finite() && asks_gpus > 0.0;
    if sample < MIN_SAMPLE || holders.is_empty() || !asks_something {
        return WaitEstimate::NotEnoughHistory { sample };
    }
    let curve = survival(&finished, &running);
    // Beyond what the holders hold: one more run per further round of their GPUs.
    let rounds = ((asks_gpus - held) / held).max(0.0).ceil();
    let later = |q: f64| match rounds > 0.0 {
        true => ended_by(&curve, q).map(|s| rounds * s),
        false => Some(0.0),
    };
    let (Some(later_p10), Some(later_p50)) = (later(0.1), later(0.5)) else {
        return WaitEstimate::NotEnoughHistory { sample };
    };
    let later_p90 = later(0.9);
    let asks_gpus = asks_gpus.min(held);
    holders.sort_by(|a, b| b.ran_s.total_cmp(&a.ran_s));
    holders.truncate(MAX_HOLDERS);
    let units_per_gpu = (MAX_UNITS / asks_gpus).min(4.0);
    let needed = ((asks_gpus * units_per_gpu).ceil().min(MAX_UNITS) as usize).max(1);
    // Run times are whole seconds, so the chance changes only at whole seconds, up to
    // the last time a run ended past the youngest holder; it only grows with time, so
    // each percentile is a binary search over those seconds.
    let youngest = holders
        .iter()
        .map(|h| h.ran_s)
        .fold(f64::INFINITY, f64::min);
    let reaches_s = curve
        .last()
        .map_or(0.0, |(time, _)| (time - youngest).max(0.0));
    let chance = |t: f64| chance_released(&curve, &holders, units_per_gpu, needed, t);
    let first_reaching = |q: f64| {
        let (mut lo, mut hi) = (0.0_f64, reaches_s.ceil());
        if chance(hi) < q - 1e-12 {
            return None;
        }
        // Invariant: chance(hi) reaches q; chance(lo) does not, unless lo is 0.
        if chance(lo) >= q - 1e-12 {
            return Some(lo);
        }
        // Within MAX_RUN_S, whole seconds halve to one in under 40 steps.
        while hi - lo > 1.0 {
            let mid = ((lo + hi) / 2.0).floor();
            if chance(mid) >= q - 1e-12 {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Some(hi)
    };
    let Some(p10_s) = first_reaching(0.1) else {
        return WaitEstimate::NotEnoughHistory { sample };
    };
    let p90_s = first_reaching(0.9).zip(later_p90).map(|(a, b)| a + b);
    WaitEstimate::Likely {
        p10_s: p10_s + later_p10,
        p50_s: first_reaching(0.5).map(|s| s + later_p50),
        p90_s,
        reaches_s: reaches_s + later_p90.unwrap_or(later_p50),
        sample,
    }
}

#[cfg(test)]
mod tests;
