//! The store on both databases: rows filed once, the lease, reports by group and by
//! who may see what, retention.

use std::collections::BTreeMap;

use ledger::{
    calendar::HOUR_MS,
    store::{Grouping, ReportQuery, Store, WorkloadFacts},
    summary::GpuSeconds,
};

use super::common::{on_both_databases, postgres, sqlite};

const DAY_MS: i64 = 86_400_000;
const T0: i64 = 1_795_000_000_000 / DAY_MS * DAY_MS;

fn facts(id: &str, project: (&str, &str), department: (&str, &str), person: &str) -> WorkloadFacts {
    WorkloadFacts {
        id: id.to_owned(),
        name: format!("{id}-name"),
        cluster_id: "c1".to_owned(),
        project_id: project.0.to_owned(),
        project_name: project.1.to_owned(),
        department_id: department.0.to_owned(),
        department_name: department.1.to_owned(),
        submitted_by: person.to_owned(),
        nodepool: "default".to_owned(),
    }
}

fn seconds(allocated: f64, idle: f64, used: f64) -> GpuSeconds {
    GpuSeconds {
        allocated,
        idle,
        used,
    }
}

async fn a_store_files_rows_once_leases_to_one_holder_and_reports(store: Store) {
    store.start(T0, 5.0).await.unwrap();
    store.start(T0 - HOUR_MS, 10.0).await.unwrap();
    let state = store.state().await.unwrap().unwrap();
    assert_eq!(
        (
            state.backfill_from_ms,
            state.collected_to_ms,
            state.idle_threshold_percent
        ),
        (T0, T0, 5.0),
        "a started ledger keeps its start"
    );

    // One holder at a time, until its lease runs out.
    assert!(store.take_lease("a", T0, T0 + 1_000).await.unwrap());
    assert!(!store.take_lease("b", T0 + 10, T0 + 1_010).await.unwrap());
    assert!(
        store.take_lease("a", T0 + 20, T0 + 1_020).await.unwrap(),
        "renewed"
    );
    assert!(
        store.take_lease("b", T0 + 2_000, T0 + 3_000).await.unwrap(),
        "expired"
    );
    assert!(!store.take_lease("a", T0 + 2_001, T0 + 3_001).await.unwrap());
    store.release_lease("b").await.unwrap();
    assert!(
        store.take_lease("a", T0 + 2_002, T0 + 3_002).await.unwrap(),
        "released"
    );

    let vision = facts("w1", ("12", "vision"), ("1", "research"), "ada@x");
    let recsys = facts("w2", ("31", "recsys"), ("3", "applied-ml"), "bob@x");
    let also_vision = facts("w3", ("12", "vision"), ("1", "research"), "grace@x");
    let w1 = BTreeMap::from([
        (T0, seconds(3600.0, 1800.0, 900.0)),
        (T0 + HOUR_MS, seconds(3600.0, 0.0, 3600.0)),
    ]);
    store.begin_round(T0 + 2 * HOUR_MS, 3, 0).await.unwrap();
    store.record(&vision, &w1, T0 + 2 * HOUR_MS).await.unwrap();
    store.record(&vision, &w1, T0 + 2 * HOUR_MS).await.unwrap();
    store
        .record(
            &recsys,
            &BTreeMap::from([(T0, seconds(7200.0, 7200.0, 0.0))]),
            T0 + 2 * HOUR_MS,
        )
        .await
        .unwrap();
    store
        .record(
            &also_vision,
            &BTreeMap::from([(T0, seconds(1800.0, 600.0, 10.0))]),
            T0 + 2 * HOUR_MS,
        )
        .await
        .unwrap();
    assert_eq!(
        store.row_count().await.unwrap(),
        4,
        "filed twice, counted once"
    );
    assert_eq!(store.progress().await.unwrap()["w1"], T0 + 2 * HOUR_MS);

    let window = |grouping, projects: Option<Vec<&str>>| ReportQuery {
        from_ms: T0,
        to_ms: T0 + 2 * HOUR_MS,
        grouping,
        projects: projects.map(|p| p.into_iter().map(str::to_owned).collect()),
    };
    let by_project = store
        .report(&window(Grouping::Project, None))
        .await
        .unwrap();
    let summary: Vec<(&str, &str, f64, f64, usize)> = by_project
        .rows
        .iter()
        .map(|r| {
            (
                r.key.as_str(),
                r.label.as_str(),
                r.seconds.allocated,
                r.seconds.idle,
                r.workloads,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("31", "recsys", 7200.0, 7200.0, 1),
            ("12", "vision", 9000.0, 2400.0, 2)
        ],
        "most idle first"
    );
    let vision_row = &by_project.rows[1];
    assert_eq!(
        vision_row
            .top_idle
            .iter()
            .map(|t| (t.id.as_str(), t.idle_s))
            .collect::<Vec<_>>(),
        [("w1", 1800.0), ("w3", 600.0)]
    );
    assert_eq!(by_project.total, seconds(16200.0, 9600.0, 4510.0));
    assert_eq!(by_project.days.len(), 1);
    assert_eq!(by_project.days[0].day_ms, T0);
    assert_eq!(by_project.days[0].seconds, by_project.total);

    let people = store.report(&window(Grouping::Person, None)).await.unwrap();
    assert_eq!(people.rows.len(), 3);
    let departments = store
        .report(&window(Grouping::Department, None))
        .await
        .unwrap();
    assert_eq!(
        departments
            .rows
            .iter()
            .map(|r| r.label.as_str())
            .collect::<Vec<_>>(),
        ["applied-ml", "research"]
    );
    let pools = store
        .report(&window(Grouping::Nodepool, None))
        .await
        .unwrap();
    assert_eq!(pools.rows.len(), 1);

    // Only what the reader may see.
    let research_only = store
        .report(&window(Grouping::Department, Some(vec!["12", "13"])))
        .await
        .unwrap();
    assert_eq!(
        research_only
            .rows
            .iter()
            .map(|r| r.label.as_str())
            .collect::<Vec<_>>(),
        ["research"]
    );
    assert_eq!(research_only.total.allocated, 9000.0);
    let trend: f64 = research_only.days.iter().map(|d| d.seconds.allocated).sum();
    assert_eq!(
        trend, 9000.0,
        "the trend shows only the visible projects too"
    );
    let nothing = store
        .report(&window(Grouping::Project, Some(vec![])))
        .await
        .unwrap();
    assert!(nothing.rows.is_empty() && nothing.days.is_empty());

    // The window is by the hours' starts.
    let second_hour = ReportQuery {
        from_ms: T0 + HOUR_MS,
        ..window(Grouping::Project, None)
    };
    assert_eq!(
        store.report(&second_hour).await.unwrap().total,
        seconds(3600.0, 0.0, 3600.0)
    );

    // A finished round moves the complete mark; old days go, whole.
    store
        .finish_round(T0 + 2 * HOUR_MS, T0 + HOUR_MS)
        .await
        .unwrap();
    let state = store.state().await.unwrap().unwrap();
    assert_eq!(
        (state.collected_to_ms, state.round_to_ms),
        (T0 + 2 * HOUR_MS, T0 + 2 * HOUR_MS)
    );
    assert_eq!((state.round_total, state.round_done), (3, 4));
    assert_eq!(
        store.row_count().await.unwrap(),
        4,
        "the day the cut falls in stays whole"
    );
    store
        .finish_round(T0 + 2 * HOUR_MS, T0 + DAY_MS + HOUR_MS)
        .await
        .unwrap();
    assert_eq!(store.row_count().await.unwrap(), 0);
    let forgotten = store
        .report(&window(Grouping::Project, None))
        .await
        .unwrap();
    assert!(forgotten.rows.is_empty() && forgotten.days.is_empty());
    assert!(store.project_ids().await.unwrap().is_empty());
}

/// A window of days and hours adds up to the hours inside it, in the ranking and in the
/// daily trend; hours filed in two rounds make one day.
async fn a_long_window_reads_days_and_edge_hours(store: Store) {
    let day = DAY_MS;
    let w = facts("w1", ("12", "vision"), ("1", "research"), "ada@x");
    let hour = |i: i64| (T0 + i * HOUR_MS, seconds(3600.0, i as f64, 1.0));
    // Three days of hours, filed in two rounds that split the middle day.
    let first: BTreeMap<i64, GpuSeconds> = (0..36).map(hour).collect();
    let second: BTreeMap<i64, GpuSeconds> = (36..72).map(hour).collect();
    store.record(&w, &first, T0 + 36 * HOUR_MS).await.unwrap();
    store.record(&w, &second, T0 + 72 * HOUR_MS).await.unwrap();
    for (from_h, to_h) in [(0, 72), (5, 70), (30, 50), (23, 49), (0, 1), (47, 72)] {
        let report = store
            .report(&ReportQuery {
                from_ms: T0 + from_h * HOUR_MS,
                to_ms: T0 + to_h * HOUR_MS,
                grouping: Grouping::Project,
                projects: None,
            })
            .await
            .unwrap();
        let want_idle: f64 = (from_h..to_h).map(|i| i as f64).sum();
        assert_eq!(
            report.total.allocated,
            3600.0 * (to_h - from_h) as f64,
            "{from_h}..{to_h}"
        );
        assert_eq!(report.total.idle, want_idle, "{from_h}..{to_h}");
        let by_day: f64 = report.days.iter().map(|d| d.seconds.idle).sum();
        assert_eq!(by_day, want_idle, "{from_h}..{to_h}: the trend adds up too");
        assert!(report.days.iter().all(|d| d.day_ms % day == 0));
    }
}

on_both_databases!(
    long_windows_on_sqlite,
    long_windows_on_postgres,
    a_long_window_reads_days_and_edge_hours
);

#[tokio::test]
async fn on_sqlite() {
    let (store, _dir) = sqlite().await;
    assert_eq!(store.backend(), ledger::store::Backend::Sqlite);
    a_store_files_rows_once_leases_to_one_holder_and_reports(store).await;
}

#[tokio::test]
async fn on_postgres() {
    let store = postgres().await;
    assert_eq!(store.backend(), ledger::store::Backend::Postgres);
    a_store_files_rows_once_leases_to_one_holder_and_reports(store).await;
}

#[tokio::test]
async fn a_reopened_sqlite_ledger_keeps_its_rows() {
    let (store, dir) = sqlite().await;
    store.start(T0, 5.0).await.unwrap();
    store
        .record(
            &facts("w1", ("12", "vision"), ("1", "research"), "ada@x"),
            &BTreeMap::from([(T0, seconds(1.0, 1.0, 0.0))]),
            T0 + HOUR_MS,
        )
        .await
        .unwrap();
    drop(store);
    let again = Store::open_in(&dir.path().join("data")).await.unwrap();
    assert_eq!(again.row_count().await.unwrap(), 1);
    assert_eq!(again.state().await.unwrap().unwrap().backfill_from_ms, T0);
}
