//! The workload detail page and its server functions, against the embedded simulator
//! and, for access rules, a simulator reached as a real upstream by a person signed in
//! with a scoped key.

use std::sync::Arc;

use crate::common::TestServer;
use runai_sim::{SimSettings, Simulator, SystemClock};
use server::config::SettingsArgs;
use tokio::net::TcpListener;

async fn start_with(args: SettingsArgs) -> TestServer {
    TestServer::start(args).await
}

#[tokio::test]
async fn a_running_workload_shows_its_facts_sections_and_chart_places() {
    let server = start_with(SettingsArgs::default()).await;
    let page = server
        .rows("filterBy=phase%3D%3DRunning%2Ctype%3D%3DTraining&limit=1")
        .await;
    let row = &page.rows[0];
    let (status, html) = server.get(&format!("/workloads/{}", row.id)).await;
    assert_eq!(status, 200);
    for text in [
        "Resources",
        "Pods",
        "What it runs",
        "Connections",
        "Conditions",
        "Time running",
        "GPU utilization over time",
        "15 min",
    ] {
        assert!(html.contains(text), "{text} missing");
    }
}

#[tokio::test]
async fn a_pending_workload_says_why_it_waits() {
    let server = start_with(SettingsArgs::default()).await;
    let page = server.rows("filterBy=phase%3D%3DPending&limit=200").await;
    let stuck = page
        .rows
        .iter()
        .find(|r| {
            r.phase_detail
                .as_deref()
                .is_some_and(|d| d.contains("quota"))
        })
        .unwrap();
    let (status, html) = server.get(&format!("/workloads/{}", stuck.id)).await;
    assert_eq!(status, 200);
    assert!(html.contains("Why is it pending?"));
    assert!(
        html.contains("In node pool"),
        "the scheduler's per-pool message is shown"
    );
}

#[tokio::test]
async fn unknown_and_malformed_ids_are_404_and_400() {
    let server = start_with(SettingsArgs::default()).await;
    let (status, html) = server
        .get("/workloads/00000000-0000-4000-8000-000000000000")
        .await;
    assert_eq!(status, 404);
    assert!(html.contains("Workload not found"));
    let (status, html) = server.get("/workloads/not-a-uuid").await;
    assert_eq!(status, 400);
    assert!(html.contains("is not a workload id"));
    let (status, _) = server
        .get("/workloads/00000000-0000-4000-8000-000000000000?range=2y")
        .await;
    assert_eq!(
        status, 404,
        "the workload decides the status; the bad range is explained on the page"
    );
}

/// The workload page's metrics server function over `range` (its URL words).
async fn metrics(server: &TestServer, id: &str, range: &str) -> reqwest::Response {
    server
        .call(
            "workload_metrics",
            &[
                ("id", id),
                ("range", range),
                ("samples", "40"),
                ("inference", "true"),
            ],
        )
        .await
}

#[tokio::test]
async fn metrics_come_through_the_server_function_and_the_csv() {
    let server = start_with(SettingsArgs::default()).await;
    let inference = &server
        .rows(
            "filterBy=phase%3D%3DRunning%2Ctype%3D%3DInference%2CidleAllocatedGpus%3D%3D0&limit=1",
        )
        .await
        .rows[0];
    let response = metrics(&server, &inference.id, "range=15m").await;
    assert_eq!(response.status(), 200);
    let view: app::pages::workload::drawn::MetricsCharts = response.json().await.unwrap();
    assert!(
        view.missing.iter().all(|m| !m.starts_with("Inference")),
        "an inference workload has every NIM type: {:?}",
        view.missing
    );
    // Drawn by the server: each chart an ECharts option with its series.
    let titles: Vec<&str> = view.panels.iter().map(|p| p.title.as_str()).collect();
    for title in [
        "GPU utilization",
        "CPU",
        "Pods",
        "Inference requests",
        "Time to first token",
        "End-to-end latency",
    ] {
        assert!(titles.contains(&title), "{title} in {titles:?}");
    }
    let utilization: serde_json::Value =
        serde_json::from_str(view.panels[0].option.json()).unwrap();
    assert_eq!(utilization["series"][0]["type"], "line");
    assert!(
        utilization["series"][0]["data"]
            .as_array()
            .is_some_and(|points| !points.is_empty()),
        "the option carries the points: {utilization}"
    );
    assert!(
        view.histograms
            .iter()
            .any(|h| h.title == "Time to first token"),
        "an inference workload's latest histograms"
    );
    assert_eq!(
        (view.end.unix_millis() - view.start.unix_millis()) / 1000,
        900
    );

    let response = metrics(&server, &inference.id, "range=2y").await;
    assert_eq!(response.status(), 400);

    let (status, csv) = server
        .get(&format!(
            "/export/workloads/{}/metrics.csv?range=15m",
            inference.id
        ))
        .await;
    assert_eq!(status, 200);
    assert!(csv.starts_with("timestamp,type,gpu,value\n"));
    assert!(csv.contains(",GPU_UTILIZATION,0,"));
}

#[tokio::test]
async fn a_scoped_key_on_a_real_upstream_sees_no_access_for_other_departments() {
    // A simulator reached over HTTP as a real control plane; alice (research only)
    // signs in with her own key.
    let sim = Simulator::new(&SimSettings::default(), Arc::new(SystemClock));
    let addr = runai_sim::spawn(sim, TcpListener::bind("127.0.0.1:0").await.unwrap()).unwrap();
    let server = start_with(SettingsArgs {
        runai: server::config::RunaiArgs {
            url: Some(format!("http://{addr}")),
            ..Default::default()
        },
        ..Default::default()
    })
    .await;
    assert_eq!(server.sign_in_key("alice", "alice").await, 303);
    let admin = start_with(SettingsArgs::default()).await;
    // Same seed: the admin's embedded simulator has the same workloads.
    let theirs = admin
        .rows("filterBy=departmentName%3D%3Dapplied-ml&limit=1")
        .await
        .rows[0]
        .id
        .clone();
    let (status, html) = server.get(&format!("/workloads/{theirs}")).await;
    assert_eq!(status, 403);
    assert!(
        html.contains("You don't have access to this workload")
            || html.contains("You don&#x27;t have access"),
        "{html}"
    );
    let mine = server.rows("limit=5").await;
    assert!(mine.rows.iter().all(|r| r.department == "research"));
}
