//! Reaching the comparison and what it costs: rows ticked in the table stay ticked
//! across pages and go to it, a workload's page offers it; and its calls, one metrics
//! call per workload shared with the single workload pages and no list, counted at the
//! control plane.

use super::compare::running;
use crate::common::{
    TestServer,
    proxy::{calls_to, watched_dashboard},
};
use server::config::SettingsArgs;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticked_rows_stay_ticked_across_pages_and_go_to_the_comparison() {
    let server = TestServer::start(SettingsArgs::default()).await;
    let first = server
        .rows("filterBy=phase%3D%3DRunning&sortBy=createdAt&sortOrder=asc&pageSize=5")
        .await
        .rows;
    let (a, b) = (&first[0].id, &first[1].id);
    let ticked = format!(
        "filterBy=phase%3D%3DRunning&sortBy=createdAt&sortOrder=asc&pageSize=5&compare={a}%2C{b}"
    );
    let (status, html) = server.get(&format!("/workloads?{ticked}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Compare (2)"));
    for id in [a, b] {
        let checkbox = html
            .split(&format!(r#"value="{id}""#))
            .nth(1)
            .map(|rest| &rest[..rest.find('>').unwrap()])
            .expect("its box");
        assert!(checkbox.contains("checked"), "{id} is ticked");
    }
    // On the next page the ticks travel in the form, unseen, and in every link.
    let (_, next) = server.get(&format!("/workloads?{ticked}&page=2")).await;
    assert!(next.contains("Compare (2)"));
    for id in [a, b] {
        assert!(next.contains(&format!(r#"<input type="hidden" name="ids" value="{id}""#)));
    }
    assert!(next.contains(&format!("compare={a}%2C{b}")));
    // The form's answer: the comparison of both.
    let (status, html) = server.get(&format!("/compare?ids={a}&ids={b}")).await;
    assert_eq!(status, 200);
    assert!(html.contains(first[0].name.as_str()) && html.contains(first[1].name.as_str()));
    // A workload's page offers to compare it.
    let (_, page) = server.get(&format!("/workloads/{a}")).await;
    assert!(page.contains(&format!(r#"href="/compare?ids={a}""#)));
    let (_, chooser) = server.get(&format!("/compare?ids={a}")).await;
    assert!(chooser.contains("Add a workload (1 of at most 4)"));
    assert!(chooser.contains("Add "), "workloads offered to add");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comparison_costs_one_metrics_call_per_workload_shared_with_the_workload_pages() {
    let (_sim, dashboard, calls) = watched_dashboard(2_000, Default::default()).await;
    let two = running(&dashboard, 2).await;
    let metrics_path = |id: &str| format!("/api/v1/workloads/{id}/metrics");
    // One exact window, as a shared link holds it.
    let to = runai::model::Timestamp::now().unix_millis() / 60_000 * 60_000;
    let window = |ms: i64| {
        runai::model::Timestamp::from_unix_millis(ms)
            .unwrap()
            .to_string()
    };
    let (from, to) = (window(to - 3_600_000), window(to));
    let (status, _) = dashboard
        .get(&format!("/workloads/{}?from={from}&to={to}", two[0].0))
        .await;
    assert_eq!(status, 200);
    assert_eq!(calls_to(&calls, &metrics_path(&two[0].0)), 1);
    // Five people open the comparison at once: one call for the workload not yet read,
    // none for the one its page just read.
    let compare = dashboard.url(&format!(
        "/compare?ids={}%2C{}&align=clock&from={from}&to={to}",
        two[0].0, two[1].0
    ));
    let lists_before = calls_to(&calls, "/api/v1/workloads");
    let loads = (0..5).map(|_| {
        let (http, url) = (dashboard.http.clone(), compare.clone());
        async move { http.get(url).send().await.unwrap().status() }
    });
    for status in futures_util::future::join_all(loads).await {
        assert_eq!(status, 200);
    }
    assert_eq!(
        calls_to(&calls, &metrics_path(&two[0].0)),
        1,
        "shared with its page"
    );
    assert_eq!(
        calls_to(&calls, &metrics_path(&two[1].0)),
        1,
        "one call for five viewers"
    );
    // Nothing else: no list (the search for more to add waits until asked for).
    assert_eq!(
        calls_to(&calls, "/api/v1/workloads"),
        lists_before,
        "no list call"
    );
}
