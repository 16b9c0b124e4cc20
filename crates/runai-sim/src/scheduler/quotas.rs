//! Quota changes: every day or two an administrator moves part of one project's quota
//! in a pool to another project (a deadline, a new team), so which projects are over
//! their quota changes while work waits, as it does on a real cluster. The instants
//! and the moves come from the seed.

use super::pools::PoolSpec;
use crate::rng::Rng;

const HOUR_MS: f64 = 3_600_000.0;
/// The gap between two quota changes of one pool, in hours.
const GAP_HOURS: (f64, f64) = (24.0, 48.0);
/// Random streams no workload uses.
const STREAM: u64 = 1 << 62;

fn rng(seed: u64, pool: usize, change: u64) -> Rng {
    Rng::derive(seed, STREAM | (pool as u64) << 32 | change)
}

/// When pool `pool`'s quota changes for the `change`th time, the one before having
/// been at `after_ms`.
pub fn next_change(seed: u64, pool: usize, change: u64, after_ms: i64) -> i64 {
    let gap = rng(seed, pool, change).range(GAP_HOURS.0, GAP_HOURS.1) * HOUR_MS;
    after_ms + gap as i64
}

/// Moves between a quarter and half (whole GPUs, at least one) of one member project's
/// quota to another: the pool's quotas still add up to its capacity, and every member
/// keeps at least one GPU.
pub fn shift(spec: &mut PoolSpec, seed: u64, pool: usize, change: u64) {
    let mut rng = rng(seed, pool, change);
    // The draw for the gap comes first in this stream: the move uses what follows.
    rng.unit();
    let members: Vec<usize> = (0..spec.quota.len())
        .filter(|&p| spec.quota[p] > 0.0)
        .collect();
    let donors: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&p| spec.quota[p] >= 2.0)
        .collect();
    if donors.is_empty() || members.len() < 2 {
        return;
    }
    let from = donors[rng.below(donors.len())];
    let others: Vec<usize> = members.iter().copied().filter(|&p| p != from).collect();
    let to = others[rng.below(others.len())];
    let moved = (spec.quota[from] * rng.range(0.25, 0.5)).floor().max(1.0);
    spec.quota[from] -= moved;
    spec.quota[to] += moved;
    spec.set_limits();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> PoolSpec {
        let mut spec = PoolSpec {
            cluster: 0,
            name: "default",
            capacity: 16.0,
            quota: vec![0.0, 8.0, 4.0, 4.0],
            limit: Vec::new(),
            limited: vec![false, true, false, true],
        };
        spec.set_limits();
        spec
    }

    #[test]
    fn a_change_moves_whole_gpus_between_members_and_keeps_the_total() {
        let mut changed = 0;
        for change in 0..50 {
            let mut s = spec();
            shift(&mut s, 7, 0, change);
            assert_eq!(s.quota.iter().sum::<f64>(), 16.0);
            assert_eq!(s.quota[0], 0.0, "a project outside the cluster gets none");
            assert!(s.quota.iter().all(|q| q.fract() == 0.0));
            assert!(s.quota[1..].iter().all(|q| *q >= 1.0));
            let limits = s.limit.clone();
            s.set_limits();
            assert_eq!(s.limit, limits, "limits follow the quotas");
            assert_eq!(s.limit[2], 16.0, "no limit set: the whole pool");
            changed += usize::from(s != spec());
        }
        assert_eq!(changed, 50, "every change moves something");
    }

    #[test]
    fn changes_come_a_day_or_two_apart_and_the_same_seed_repeats_them() {
        let mut at = 0;
        for change in 0..20 {
            let next = next_change(7, 1, change, at);
            let gap = (next - at) as f64 / HOUR_MS;
            assert!((24.0..48.0).contains(&gap), "{gap}");
            assert_eq!(next, next_change(7, 1, change, at));
            at = next;
        }
    }
}
