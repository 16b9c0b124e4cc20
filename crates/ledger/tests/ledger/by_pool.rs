//! What prices and budgets read from the store: the ranking's sums split by node pool,
//! and each project's use by day and node pool, adding up to the same hours, on SQLite
//! and PostgreSQL.

use std::collections::BTreeMap;

use ledger::{
    calendar::{DAY_MS, HOUR_MS},
    store::{Grouping, ReportQuery, Store},
    summary::GpuSeconds,
};

use super::common::{facts, on_both_databases};

const T0: i64 = 1_795_000_000_000 / DAY_MS * DAY_MS;

/// `gpus` held for each of `hours` hours from `from_h`, a quarter of it idle.
fn held(gpus: f64, from_h: i64, hours: i64) -> BTreeMap<i64, GpuSeconds> {
    (from_h..from_h + hours)
        .map(|h| {
            let allocated = gpus * 3600.0;
            let seconds = GpuSeconds {
                allocated,
                idle: allocated / 4.0,
                used: allocated / 2.0,
            };
            (T0 + h * HOUR_MS, seconds)
        })
        .collect()
}

async fn sums_by_pool_and_day(store: Store) {
    let to = T0 + 48 * HOUR_MS;
    // Project 7: 2 GPUs on h100 for 30 h from 10:00, 1 GPU on a100 for 5 h; project 8:
    // 4 GPUs on a100 for 10 h.
    store
        .record(&facts("a", "7", "h100"), &held(2.0, 10, 30), to)
        .await
        .unwrap();
    store
        .record(&facts("b", "7", "a100"), &held(1.0, 3, 5), to)
        .await
        .unwrap();
    store
        .record(&facts("c", "8", "a100"), &held(4.0, 20, 10), to)
        .await
        .unwrap();

    let report = store
        .report(&ReportQuery {
            from_ms: T0,
            to_ms: to,
            grouping: Grouping::Project,
            projects: None,
        })
        .await
        .unwrap();
    let seven = report.rows.iter().find(|r| r.key == "7").unwrap();
    assert_eq!(seven.by_pool["h100"].allocated, 2.0 * 30.0 * 3600.0);
    assert_eq!(seven.by_pool["a100"].allocated, 5.0 * 3600.0);
    assert_eq!(seven.by_pool["a100"].idle, 5.0 * 3600.0 / 4.0);
    let pooled: f64 = report.total_by_pool.values().map(|s| s.allocated).sum();
    assert_eq!(pooled, report.total.allocated);
    assert_eq!(
        report.total_by_pool["a100"].allocated,
        (5.0 + 40.0) * 3600.0
    );

    // By day: project 7's h100 hours fall 14 on day one (10:00–24:00) and 16 on day two.
    let used = store
        .daily_use(T0, to, &["7".to_owned(), "9".to_owned()])
        .await
        .unwrap();
    let on = |day: i64, pool: &str| {
        used.iter()
            .find(|u| u.day_ms == T0 + day * DAY_MS && u.nodepool == pool)
            .map(|u| u.seconds.allocated / 3600.0)
    };
    assert_eq!(on(0, "h100"), Some(28.0));
    assert_eq!(on(1, "h100"), Some(32.0));
    assert_eq!(on(0, "a100"), Some(5.0));
    assert_eq!(on(1, "a100"), None);
    assert!(
        used.iter()
            .all(|u| u.project_id == "7" && u.project_name == "p7")
    );
    assert!(store.daily_use(T0, to, &[]).await.unwrap().is_empty());
    let names = store.project_names().await.unwrap();
    assert!(
        names.contains(&("8".to_owned(), "p8".to_owned())),
        "{names:?}"
    );
}

on_both_databases!(
    sqlite_sums_by_pool_and_day,
    postgres_sums_by_pool_and_day,
    sums_by_pool_and_day
);
