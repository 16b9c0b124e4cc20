//! The release estimate on fixed histories.

use super::*;

fn range(estimate: WaitEstimate) -> (f64, Option<f64>, Option<f64>) {
    match estimate {
        WaitEstimate::Likely {
            p10_s,
            p50_s,
            p90_s,
            ..
        } => (p10_s, p50_s, p90_s),
        other => panic!("{other:?}"),
    }
}

/// Runs of 1 to 10 hours, one each.
fn hours() -> Vec<f64> {
    (1..=10).map(|h| f64::from(h) * 3_600.0).collect()
}

#[test]
fn one_holder_frees_its_gpus_when_runs_like_it_end() {
    let holder = Holder {
        gpus: 4.0,
        ran_s: 0.0,
    };
    assert_eq!(
        range(estimate_release(&[holder], &hours(), &[], 4.0)),
        (3_600.0, Some(18_000.0), Some(32_400.0))
    );
}

#[test]
fn having_run_for_a_while_leaves_only_the_longer_runs() {
    // Runs of 1 to 20 hours; it has run 5.5 hours: only the 6 to 20 hour runs are
    // like it.
    let history: Vec<f64> = (1..=20).map(|h| f64::from(h) * 3_600.0).collect();
    let holder = Holder {
        gpus: 2.0,
        ran_s: 5.5 * 3_600.0,
    };
    let (p10, p50, p90) = range(estimate_release(&[holder], &history, &[], 2.0));
    assert_eq!(p10, 1.5 * 3_600.0);
    assert_eq!(p50, Some(7.5 * 3_600.0));
    assert_eq!(p90, Some(13.5 * 3_600.0));
    // Run 9.5 hours of runs up to 10: one run is like it, which says nothing.
    let late = Holder {
        gpus: 2.0,
        ran_s: 9.5 * 3_600.0,
    };
    assert_eq!(
        estimate_release(&[late], &hours(), &[], 2.0),
        WaitEstimate::NotEnoughHistory { sample: 10 }
    );
}

#[test]
fn needing_the_gpus_of_two_holders_takes_longer_than_one() {
    let two = [
        Holder {
            gpus: 2.0,
            ran_s: 0.0,
        },
        Holder {
            gpus: 2.0,
            ran_s: 0.0,
        },
    ];
    let (_, one_p50, _) = range(estimate_release(&two, &hours(), &[], 2.0));
    let (_, both_p50, _) = range(estimate_release(&two, &hours(), &[], 4.0));
    // Up to one holder's GPUs: either of two ends sooner than one alone (median 3 h,
    // not 5 h). Up to both: needing one holder's worth or both is as likely as not,
    // which comes to the chance one holder ends (median 5 h).
    assert_eq!(one_p50, Some(3.0 * 3_600.0));
    assert_eq!(both_p50, Some(5.0 * 3_600.0));
}

#[test]
fn too_little_history_or_too_few_gpus_held_says_so() {
    let holder = Holder {
        gpus: 1.0,
        ran_s: 0.0,
    };
    assert_eq!(
        estimate_release(&[holder], &[3_600.0; MIN_SAMPLE - 1], &[], 1.0),
        WaitEstimate::NotEnoughHistory {
            sample: MIN_SAMPLE - 1
        }
    );
    // Running longer than every finished run: the history cannot say.
    let veteran = Holder {
        gpus: 1.0,
        ran_s: 20.0 * 3_600.0,
    };
    assert_eq!(
        estimate_release(&[veteran], &hours(), &[], 1.0),
        WaitEstimate::NotEnoughHistory { sample: 10 }
    );
}

#[test]
fn asking_more_than_is_held_adds_a_run_per_further_round() {
    let holder = Holder {
        gpus: 1.0,
        ran_s: 0.0,
    };
    // 1 GPU held, 4 asked: the holder's release (as for 1 GPU), then three more rounds
    // of one run each (runs end by 1, 5 and 9 hours at their 10th, 50th and 90th
    // percentiles).
    let hour = 3_600.0;
    assert_eq!(
        range(estimate_release(&[holder], &hours(), &[], 4.0)),
        (
            hour + 3.0 * hour,
            Some(5.0 * hour + 15.0 * hour),
            Some(9.0 * hour + 27.0 * hour)
        )
    );
    // A part of a round is a round.
    let (p10, ..) = range(estimate_release(&[holder], &hours(), &[], 1.5));
    assert_eq!(p10, 2.0 * hour);
    // Most runs have not ended: the history cannot say how long a round takes.
    assert_eq!(
        estimate_release(&[holder], &hours(), &[20.0 * 3_600.0; 30], 2.0),
        WaitEstimate::NotEnoughHistory { sample: 10 }
    );
}

#[test]
fn a_running_workload_is_likely_to_end_when_half_of_the_runs_like_it_have() {
    assert_eq!(likely_end(&hours(), &[], 0.0), Some(5.0 * 3_600.0));
    // Run 2.5 hours: of the 3 to 10 hour runs, half end by 6 hours.
    assert_eq!(
        likely_end(&hours(), &[], 2.5 * 3_600.0),
        Some(3.5 * 3_600.0)
    );
    // Run 4 hours of runs up to 10: six are like it, fewer than the eight needed.
    assert_eq!(likely_end(&hours(), &[], 4.0 * 3_600.0), None);
}

#[test]
fn what_the_api_cannot_mean_is_not_read_and_the_work_stays_bounded() {
    let history: Vec<f64> = hours()
        .into_iter()
        .chain([f64::NAN, f64::INFINITY, -1.0, 1e300])
        .collect();
    let holder = Holder {
        gpus: 4.0,
        ran_s: 0.0,
    };
    // Nonsense among the runs is left out: the same range as without it.
    assert_eq!(
        range(estimate_release(
            &[holder],
            &history,
            &[f64::NAN, 1e300],
            4.0
        )),
        (3_600.0, Some(18_000.0), Some(32_400.0))
    );
    for asks in [f64::NAN, f64::INFINITY, -2.0, 0.0] {
        assert!(matches!(
            estimate_release(&[holder], &hours(), &[], asks),
            WaitEstimate::NotEnoughHistory { .. }
        ));
    }
    // A million GPUs held and asked for: counted coarsely, answered at once.
    let giant = Holder {
        gpus: 1e6,
        ran_s: 0.0,
    };
    assert_eq!(
        range(estimate_release(&[giant], &hours(), &[], 1e6)),
        (3_600.0, Some(18_000.0), Some(32_400.0))
    );
    let odd = Holder {
        gpus: f64::NAN,
        ran_s: 1e300,
    };
    assert!(matches!(
        estimate_release(&[odd], &hours(), &[], 1.0),
        WaitEstimate::NotEnoughHistory { .. }
    ));
}

#[test]
fn runs_still_going_push_the_range_out() {
    // Ten runs ended within 10 hours, ten more are still running after 20: half of
    // all runs end within 10 hours at most, and the 90th percentile is beyond reach.
    let holder = Holder {
        gpus: 1.0,
        ran_s: 0.0,
    };
    let (p10, p50, p90) = range(estimate_release(
        &[holder],
        &hours(),
        &[20.0 * 3_600.0; 10],
        1.0,
    ));
    assert_eq!(p10, 2.0 * 3_600.0);
    assert_eq!(p50, Some(10.0 * 3_600.0));
    assert_eq!(p90, None);
}
