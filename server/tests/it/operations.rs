//! Operating the server: Prometheus metrics on their own address, request ids that
//! follow a request into Run:ai, JSON logs, and a graceful shutdown on SIGTERM that
//! finishes the requests in flight.

use std::time::Duration;

use crate::common::{
    Sim, TestServer,
    process::{Process, free_port, runboard, url_in},
    proxy::recording_proxy,
};
use server::config::{SettingsArgs, ops::OpsArgs};

#[tokio::test]
async fn metrics_count_routes_upstream_calls_and_tokens_and_request_ids_reach_run_ai() {
    let sim = Sim::start_at_real_time().await;
    let (proxy, seen) = recording_proxy(sim.url.clone()).await;
    let metrics_port = free_port().await;
    let server = TestServer::start_signed_out(SettingsArgs {
        runai: server::config::RunaiArgs {
            url: Some(proxy),
            ..Default::default()
        },
        ops: OpsArgs {
            metrics_addr: Some(format!("127.0.0.1:{metrics_port}").parse().unwrap()),
            // Every read goes upstream, so each request's calls can be counted.
            runai_cache_ms: Some(0),
            ..Default::default()
        },
        ..Default::default()
    })
    .await;
    assert_eq!(
        server.sign_in_key("runboard-admin", "runboard-admin").await,
        303
    );

    // A request's id comes back on the response and goes with each of its Run:ai calls.
    let response = server
        .http
        .post(server.url("/api/workloads_page"))
        .header("x-request-id", "drill-7f3a")
        .form(&[("query", "limit=5")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-request-id"], "drill-7f3a");
    let upstream_ids: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .filter_map(|c| c.request_id.clone())
        .collect();
    // The list, the total and six phase counts.
    assert_eq!(
        upstream_ids.iter().filter(|id| *id == "drill-7f3a").count(),
        8,
        "{upstream_ids:?}"
    );
    // A page gets a fresh id when it brings none (or an unusable one).
    let response = server
        .http
        .get(server.url("/overview"))
        .header("x-request-id", "bad id\twith spaces")
        .send()
        .await
        .unwrap();
    let id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    // The page streams: its Run:ai calls are done once the body has arrived.
    assert!(response.text().await.unwrap().contains("Cluster now"));
    assert!(
        seen.lock()
            .unwrap()
            .iter()
            .any(|c| c.request_id.as_deref() == Some(id.as_str())),
        "the overview's calls carried {id}"
    );

    let (_, _) = server.get("/workloads/not-a-uuid").await;
    let metrics = crate::common::metrics_text(metrics_port).await;
    for expected in [
        r#"runboard_http_requests_total{route="/api/workloads_page",method="POST",status="200"}"#,
        r#"runboard_http_requests_total{route="/overview",method="GET",status="200"}"#,
        r#"runboard_http_requests_total{route="/workloads/{id}",method="GET",status="400"}"#,
        r#"runboard_http_request_duration_seconds_bucket{route="/api/workloads_page",le="0.1"}"#,
        r#"runboard_upstream_calls_total{endpoint="/api/v1/workloads",status="200"}"#,
        r#"runboard_upstream_calls_total{endpoint="/api/v1/workloads/count",status="200"}"#,
        r#"runboard_upstream_call_seconds_bucket{endpoint="/api/v1/workloads/telemetry",le="15"}"#,
        r#"runboard_token_requests_total{outcome="issued"}"#,
        r#"runboard_token_cache_total{result="hit"}"#,
        format!(
            r#"runboard_build_info{{version="{}",commit="{}"}} 1"#,
            env!("CARGO_PKG_VERSION"),
            server::COMMIT
        )
        .as_str(),
    ] {
        assert!(metrics.contains(expected), "no {expected} in:\n{metrics}");
    }
    // No workload id becomes a label.
    assert!(!metrics.contains("not-a-uuid"));

    // The dashboard's own address does not serve them.
    let (status, body) = server.get("/metrics").await;
    assert_ne!(status, 200, "{body}");
    assert!(!body.contains("runboard_http_requests_total"));
}

#[tokio::test]
async fn sigterm_finishes_the_request_in_flight_then_stops_with_json_logs() {
    // Every Run:ai call of the embedded simulator takes 1.5 s.
    let (mut process, line) = Process::start(
        runboard(),
        &[],
        &[
            ("RUNBOARD_ADDR", "127.0.0.1:0"),
            ("RUNBOARD_LOG", "info"),
            ("RUNBOARD_LOG_FORMAT", "json"),
            ("RUNBOARD_SIM_FAULT_LATENCY_MS", "1500"),
        ],
        "Runboard listening on",
    )
    .await;
    let base = url_in(&line);
    let http = crate::common::browser();
    let response = http
        .post(format!("{base}/login"))
        .header("accept", "text/html")
        .form(&[("demo", "runboard-admin")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);

    let in_flight = tokio::spawn({
        let (http, base) = (http.clone(), base.clone());
        async move {
            http.post(format!("{base}/api/workloads_page"))
                .header("x-request-id", "drill-sigterm")
                .form(&[("query", "limit=5")])
                .send()
                .await
        }
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    let pid = process.child.id().unwrap().to_string();
    let kill = tokio::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .await
        .unwrap();
    assert!(kill.success());

    let answer = in_flight
        .await
        .unwrap()
        .expect("the request in flight is answered");
    assert_eq!(answer.status(), 200);
    let page: app::pages::workloads::data::WorkloadsAnswer = answer.json().await.unwrap();
    assert_eq!(page.rows.len(), 5);
    let exit = tokio::time::timeout(Duration::from_secs(10), process.child.wait())
        .await
        .expect("the server stops once its requests are answered")
        .unwrap();
    assert!(exit.success(), "{exit}");
    assert!(
        reqwest::get(format!("{base}/healthz")).await.is_err(),
        "no longer listening"
    );

    // Logs: one JSON object per line; the request id is on the Run:ai calls it made.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let log = process.log();
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect();
    let upstream: Vec<_> = lines
        .iter()
        .filter(|l| l["target"] == "runboard::upstream" && l["request_id"] == "drill-sigterm")
        .collect();
    assert!(!upstream.is_empty(), "{log}");
    assert!(
        upstream
            .iter()
            .all(|l| l["path"].is_string() && l["status"] == 200)
    );
    let messages: Vec<_> = lines.iter().filter_map(|l| l["message"].as_str()).collect();
    assert!(messages.contains(&"shutting down"), "{messages:?}");
    assert!(
        messages.contains(&"stopped: every in-flight request was answered"),
        "{messages:?}"
    );
}
