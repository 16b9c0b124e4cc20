//! Arrivals after start-up: about the cluster's rate each hour, most one by one at
//! random instants, and now and then a burst, a sweep of similar workloads someone
//! submits within seconds of each other (a hyperparameter search).

use super::{EARLY_END_STREAM, HOUR, Schedule, SimWorkload, ends_early, workload};
use crate::{org::Org, rng::Rng};

/// Share of all arrivals that come in bursts, sweeps of similar workloads someone
/// submits at once (the rest arrive one by one).
const BURST_SHARE: f64 = 0.1;
/// How many workloads a sweep holds (a hyperparameter search, a batch of evaluations).
const BURST_SIZE: (f64, f64) = (6.0, 18.0);
/// A random stream no workload index reaches: the bursts.
const BURST_STREAM: u64 = 1 << 61;

/// Trial `trial` of a sweep: what `template` asks for (kind, project, GPUs, pool,
/// priority, who), run for about as long, with `own`'s identity and instants.
fn sweep_member(
    template: &SimWorkload,
    own: SimWorkload,
    trial: usize,
    mut rng: Rng,
) -> SimWorkload {
    let run_ms = template
        .schedule
        .run_ms
        .map(|ms| (ms as f64 * rng.range(0.7, 1.3)) as i64);
    SimWorkload {
        index: own.index,
        id: own.id,
        name: format!("{}-{trial}", template.name),
        schedule: Schedule {
            created_ms: own.schedule.created_ms,
            init_ms: own.schedule.init_ms,
            run_ms: if own.schedule.fails {
                run_ms.map(|ms| ends_early(ms, rng))
            } else {
                run_ms
            },
            fails: own.schedule.fails,
            deleted_after_ms: template.schedule.deleted_after_ms,
        },
        trace_offset_s: own.trace_offset_s,
        trace_stretch: own.trace_stretch,
        environment_id: own.environment_id,
        datasource_id: own.datasource_id,
        ..template.clone()
    }
}

/// Arrivals in hour `epoch` after start-up (epoch 0 is the first hour), numbered from
/// `first_index`; about `per_hour` of them on average: most one by one at random
/// instants, and now and then a burst, a sweep of similar workloads submitted within
/// minutes of each other.
pub fn arrivals(
    seed: u64,
    epoch: u64,
    first_index: u64,
    per_hour: f64,
    start_ms: i64,
    org: &Org,
) -> Vec<SimWorkload> {
    let hour_ms = start_ms + epoch as i64 * HOUR;
    let mut rng = Rng::derive(seed, 1 << 40 | epoch);
    let count = (per_hour * (1.0 - BURST_SHARE) * rng.range(0.5, 1.5)).round() as u64;
    // (instant, trial number in the burst)
    let mut instants: Vec<(i64, Option<usize>)> = (0..count)
        .map(|_| (hour_ms + rng.range(0.0, HOUR as f64) as i64, None))
        .collect();
    let mut burst = Rng::derive(seed, BURST_STREAM | epoch);
    let mean_size = (BURST_SIZE.0 + BURST_SIZE.1) / 2.0;
    let chance = (per_hour * BURST_SHARE / mean_size).min(1.0);
    let template = burst.chance(chance).then(|| {
        let at = hour_ms + burst.range(0.0, HOUR as f64) as i64;
        let size = burst.range(BURST_SIZE.0, BURST_SIZE.1).round() as usize;
        let mut created = at;
        for trial in 0..size {
            instants.push((created, Some(trial)));
            created += burst.range(5_000.0, 30_000.0) as i64;
        }
        workload(seed, BURST_STREAM | epoch, at, org, None)
    });
    instants.sort_unstable();
    instants
        .into_iter()
        .enumerate()
        .map(|(i, (created_ms, trial))| {
            let index = first_index + i as u64;
            let own = workload(seed, index, created_ms, org, None);
            match (trial, &template) {
                (Some(trial), Some(template)) => sweep_member(
                    template,
                    own,
                    trial,
                    Rng::derive(seed, BURST_STREAM | EARLY_END_STREAM | index),
                ),
                _ => own,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrivals_keep_their_rate_and_now_and_then_come_as_a_sweep() {
        let org = Org::new(5);
        let per_hour = 12.0;
        let mut total = 0;
        let mut sweeps = 0;
        let mut first = 0;
        for epoch in 0..400 {
            let hour = arrivals(5, epoch, first, per_hour, 1_795_000_000_000, &org);
            first += hour.len() as u64;
            total += hour.len();
            assert!(
                hour.windows(2)
                    .all(|p| p[0].schedule.created_ms <= p[1].schedule.created_ms)
            );
            assert!(
                hour.iter()
                    .enumerate()
                    .all(|(i, w)| w.index == hour[0].index + i as u64)
            );
            // A sweep: three or more of one project, kind and GPU ask within minutes,
            // named as trials of one run.
            let trials: Vec<&SimWorkload> = hour
                .iter()
                .filter(|w| w.name.rsplit_once('-').is_some_and(|(_, t)| t.len() <= 2))
                .collect();
            if trials.len() >= 3 {
                sweeps += 1;
                assert!(trials.iter().all(|w| w.project == trials[0].project
                    && w.kind.name == trials[0].kind.name
                    && w.gpu == trials[0].gpu
                    && w.nodepool == trials[0].nodepool));
                let span =
                    trials.last().unwrap().schedule.created_ms - trials[0].schedule.created_ms;
                assert!(span < 30_000 * trials.len() as i64, "{span}");
            }
        }
        let mean = total as f64 / 400.0;
        assert!((per_hour * 0.9..per_hour * 1.1).contains(&mean), "{mean}");
        assert!(
            (20..=70).contains(&sweeps),
            "about one hour in ten: {sweeps}"
        );
    }
}
