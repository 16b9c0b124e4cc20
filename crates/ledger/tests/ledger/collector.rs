//! The collector against the simulator: a week's backfill, resuming after a restart
//! without asking again, an outage mid-round, the call budget, and the idle threshold a
//! ledger keeps.

use std::collections::HashSet;

use ledger::{
    calendar::HOUR_MS,
    collector::Round,
    store::{ReportQuery, Store},
};

use super::{
    common::sqlite,
    simulated::{DAY_MS, cluster, collector, collector_counting_at, whole_week},
};

/// The workload id and start of each metrics call.
fn metrics_calls(calls: &[String]) -> Vec<(String, String)> {
    calls
        .iter()
        .filter(|c| c.contains("/metrics"))
        .map(|c| {
            let id = c.split('/').nth(4).unwrap().to_owned();
            let start = c
                .split(['?', '&'])
                .find_map(|p| p.strip_prefix("start="))
                .unwrap()
                .replace("%3A", ":");
            (id, start)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_ledger_backfills_a_week_and_a_restart_asks_for_no_finished_hour() {
    let (sim, proxy) = cluster().await;
    let (store, _dir) = sqlite().await;
    let mut first = collector(&sim, &proxy.url, store.clone());
    let Round::Completed { to_ms, workloads } = first.collect_once().await.unwrap() else {
        panic!("a new ledger collects");
    };
    assert_eq!(to_ms % HOUR_MS, 0);
    assert!(workloads > 20, "{workloads} workloads held GPUs this week");
    let state = store.state().await.unwrap().unwrap();
    assert_eq!(
        (state.backfill_from_ms, state.collected_to_ms),
        (to_ms - 7 * DAY_MS, to_ms)
    );
    assert_eq!(state.round_done, state.round_total);

    let report = store.report(&whole_week(to_ms)).await.unwrap();
    let total = report.total;
    assert!(
        total.allocated > 0.0 && total.idle > 0.0 && total.used > 0.0,
        "{total:?}"
    );
    assert!(
        total.idle < total.allocated && total.used < total.allocated,
        "{total:?}"
    );
    assert!(report.days.len() >= 7, "a day-by-day trend over the week");

    // Every call went through the budget.
    let calls = proxy.calls();
    assert_eq!(first.calls(), calls.len() as u64);

    // Up to date: a second round, and a restarted collector, ask for nothing.
    assert_eq!(first.collect_once().await.unwrap(), Round::UpToDate);
    // A restart: the old process lets go of its lease as it stops.
    first.release().await.unwrap();
    drop(first);
    let mut restarted = collector(&sim, &proxy.url, store.clone());
    assert_eq!(restarted.collect_once().await.unwrap(), Round::UpToDate);
    assert_eq!(proxy.calls().len(), calls.len(), "no call when up to date");

    // An hour later only the new hour is asked for.
    sim.clock.advance(HOUR_MS);
    assert!(matches!(
        restarted.collect_once().await.unwrap(),
        Round::Completed { .. }
    ));
    let later = proxy.calls()[calls.len()..].to_vec();
    let asked = metrics_calls(&later);
    assert!(!asked.is_empty());
    let boundary = runai::model::Timestamp::from_unix_millis(to_ms)
        .unwrap()
        .to_string();
    for (id, start) in &asked {
        assert!(
            start.as_str() >= boundary.as_str(),
            "{id} asked again from {start}"
        );
    }
    assert_eq!(
        store.state().await.unwrap().unwrap().collected_to_ms,
        to_ms + HOUR_MS
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_mid_round_resumes_with_no_gap_and_no_duplicate() {
    let (sim, proxy) = cluster().await;
    // What an uninterrupted collection files.
    let (reference, _a) = sqlite().await;
    let mut whole = collector(&sim, &sim.url, reference.clone());
    let Round::Completed { to_ms, .. } = whole.collect_once().await.unwrap() else {
        panic!("collects");
    };

    let (store, _b) = sqlite().await;
    let mut interrupted = collector(&sim, &proxy.url, store.clone());
    proxy.fail_after(40);
    assert!(
        interrupted.collect_once().await.is_err(),
        "the outage stops the round"
    );
    let state = store.state().await.unwrap().unwrap();
    assert_eq!(
        state.collected_to_ms, state.backfill_from_ms,
        "not complete: no mark moved"
    );
    let filed: HashSet<String> = store.progress().await.unwrap().into_keys().collect();
    assert!(
        !filed.is_empty(),
        "some workloads were filed before the outage"
    );
    let before = proxy.calls().len();

    proxy.heal();
    assert!(matches!(
        interrupted.collect_once().await.unwrap(),
        Round::Completed { .. }
    ));
    // Nothing filed before the outage is asked for again.
    for (id, _) in metrics_calls(&proxy.calls()[before..]) {
        assert!(!filed.contains(&id), "{id} was asked for twice");
    }
    // The same rows as the uninterrupted collection: no gap, no duplicate.
    assert_eq!(
        store.row_count().await.unwrap(),
        reference.row_count().await.unwrap()
    );
    let (got, want) = (
        store.report(&whole_week(to_ms)).await.unwrap(),
        reference.report(&whole_week(to_ms)).await.unwrap(),
    );
    assert_eq!(got, want);
}

/// A ledger counts every hour at the threshold it began with: a replica configured with
/// another one files the same hours, and the page's stated threshold stays true.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ledger_keeps_the_idle_threshold_it_began_with() {
    let (sim, proxy) = cluster().await;
    let idle_at = |threshold: f64| {
        let (sim, url) = (&sim, proxy.url.clone());
        async move {
            let (store, dir) = sqlite().await;
            let mut first = collector_counting_at(sim, &url, store.clone(), threshold);
            let Round::Completed { to_ms, .. } = first.collect_once().await.unwrap() else {
                panic!("a new ledger collects");
            };
            (store, dir, to_ms)
        }
    };
    let (at_5, _d5, to_ms) = idle_at(5.0).await;
    let (at_50, _d50, to_50) = idle_at(50.0).await;
    assert_eq!(to_ms, to_50, "the simulator's clock stood still");
    let idle = |store: Store| async move { store.report(&whole_week(to_ms)).await.unwrap().total };
    let (five, fifty) = (idle(at_5.clone()).await, idle(at_50).await);
    assert!(
        fifty.idle > five.idle,
        "a higher threshold counts more idle time: {five:?} vs {fifty:?}"
    );

    // The 5 % ledger, collected on by a replica configured at 50 %.
    sim.clock.advance(HOUR_MS);
    let mut other = collector_counting_at(&sim, &proxy.url, at_5.clone(), 50.0);
    assert!(matches!(
        other.collect_once().await.unwrap(),
        Round::Completed { .. }
    ));
    assert_eq!(
        at_5.state().await.unwrap().unwrap().idle_threshold_percent,
        5.0
    );
    let (fresh, _dir) = sqlite().await;
    fresh.start(to_ms - 7 * DAY_MS, 5.0).await.unwrap();
    let mut at_5_throughout = collector_counting_at(&sim, &proxy.url, fresh.clone(), 5.0);
    at_5_throughout.collect_once().await.unwrap();
    let next_hour = ReportQuery {
        from_ms: to_ms,
        to_ms: to_ms + HOUR_MS,
        ..whole_week(to_ms)
    };
    // Equal to rounding: each ledger's window is a difference of its own running sums.
    let (kept, fresh) = (
        at_5.report(&next_hour).await.unwrap().total,
        fresh.report(&next_hour).await.unwrap().total,
    );
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(1.0);
    assert!(
        close(kept.allocated, fresh.allocated)
            && close(kept.idle, fresh.idle)
            && close(kept.used, fresh.used),
        "the new hour counted at 5 %, as the ledger says: {kept:?} vs {fresh:?}"
    );
}
