//! The running sums reports read: hours filed out of order or filed again still add up,
//! and retention cuts both report parts alike.

use std::collections::BTreeMap;

use ledger::{
    calendar::HOUR_MS,
    store::{Grouping, Report, ReportQuery, Store},
    summary::GpuSeconds,
};

use super::common::{facts, on_both_databases};

const DAY_MS: i64 = 86_400_000;
const T0: i64 = 1_795_000_000_000 / DAY_MS * DAY_MS;

/// Hour `h`'s seconds in the `round`th filing: distinct per hour and per filing.
fn hour(round: u32, h: i64) -> GpuSeconds {
    GpuSeconds {
        allocated: 3600.0,
        idle: (h * 10 + i64::from(round)) as f64,
        used: 1.0 + i64::from(round) as f64,
    }
}

async fn report(store: &Store, from_h: i64, to_h: i64) -> Report {
    store
        .report(&ReportQuery {
            from_ms: T0 + from_h * HOUR_MS,
            to_ms: T0 + to_h * HOUR_MS,
            grouping: Grouping::Project,
            projects: None,
        })
        .await
        .unwrap()
}

/// Every window's ranking and trend equal the plain sums of the hours last filed.
async fn assert_windows_match(store: &Store, filed: &BTreeMap<i64, GpuSeconds>) {
    for (from_h, to_h) in [
        (0, 60),
        (0, 1),
        (3, 4),
        (10, 50),
        (23, 25),
        (47, 60),
        (30, 31),
    ] {
        let want = filed
            .range(T0 + from_h * HOUR_MS..T0 + to_h * HOUR_MS)
            .fold(GpuSeconds::default(), |mut sum, (_, s)| {
                sum.add(*s);
                sum
            });
        let got = report(store, from_h, to_h).await;
        assert_eq!(got.total, want, "ranking, {from_h}..{to_h}");
        let trend = got.days.iter().fold(GpuSeconds::default(), |mut sum, d| {
            sum.add(d.seconds);
            sum
        });
        assert_eq!(trend, want, "trend, {from_h}..{to_h}");
    }
}

async fn out_of_order_and_refiled_hours_add_up(store: Store) {
    let w = facts("w1", "12", "default");
    let mut filed = BTreeMap::new();
    // The later hours first, then earlier ones, then a few again with new values.
    for (round, hours) in [
        (0, 30..60),
        (1, 0..10),
        (2, 20..30),
        (3, 10..20),
        (4, 5..35),
    ] {
        let batch: BTreeMap<i64, GpuSeconds> = hours
            .step_by(if round == 4 { 3 } else { 1 })
            .map(|h| (T0 + h * HOUR_MS, hour(round, h)))
            .collect();
        filed.extend(batch.clone());
        store.record(&w, &batch, T0 + 60 * HOUR_MS).await.unwrap();
        assert_windows_match(&store, &filed).await;
    }
    assert_eq!(store.row_count().await.unwrap(), 60);
}

/// After retention forgets whole days, a window reaching back before them sums what is
/// left, in the ranking and the trend alike.
async fn retention_cuts_ranking_and_trend_alike(store: Store) {
    store.start(T0, 5.0).await.unwrap();
    let filed: BTreeMap<i64, GpuSeconds> =
        (0..60).map(|h| (T0 + h * HOUR_MS, hour(0, h))).collect();
    store
        .record(&facts("w1", "12", "default"), &filed, T0 + 60 * HOUR_MS)
        .await
        .unwrap();
    store
        .finish_round(T0 + 60 * HOUR_MS, T0 + DAY_MS + 5 * HOUR_MS)
        .await
        .unwrap();
    let kept: BTreeMap<i64, GpuSeconds> =
        filed.range(T0 + DAY_MS..).map(|(h, s)| (*h, *s)).collect();
    assert_windows_match(&store, &kept).await;
}

on_both_databases!(
    out_of_order_hours_on_sqlite,
    out_of_order_hours_on_postgres,
    out_of_order_and_refiled_hours_add_up
);
on_both_databases!(
    retention_on_sqlite,
    retention_on_postgres,
    retention_cuts_ranking_and_trend_alike
);
