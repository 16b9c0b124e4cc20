//! The dashboard against a control plane that answers what each test scripts (any
//! answer the spec allows, and some it does not): hostile names in every CSV export,
//! paging that does not move forward, two exports per session at once, and readiness
//! probes that cost Run:ai at most one call.

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering},
};

use crate::common::{Sim, TestServer};
use axum::{
    Json, Router,
    extract::{RawQuery, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde_json::{Value, json};
use server::config::SettingsArgs;
use tokio::sync::Notify;

/// A cell a spreadsheet would run.
const FORMULA: &str = "=HYPERLINK(\"http://evil.example\",\"open\")";

/// What the scripted control plane answers.
struct Script {
    /// A real workload from the simulator, renamed to [`FORMULA`].
    workload: Value,
    /// The list's `next`; `i64::MIN`: none.
    next: AtomicI64,
    /// While set, list calls wait for `release`.
    hold: AtomicBool,
    release: Notify,
    /// List calls waiting on `hold`.
    held: AtomicUsize,
    /// Count calls without a token (readiness probes).
    probes: AtomicUsize,
    /// The searches list calls were made with.
    searches: Mutex<Vec<String>>,
}

type Scripted = State<Arc<Script>>;

async fn token() -> Json<Value> {
    Json(json!({ "accessToken": "scripted-token", "expiresIn": 3600 }))
}

async fn count(State(script): Scripted, headers: HeaderMap) -> Response {
    if headers.contains_key(header::AUTHORIZATION) {
        Json(json!({ "count": 1 })).into_response()
    } else {
        script.probes.fetch_add(1, Ordering::SeqCst);
        (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "code": 401, "message": "no token" })),
        )
            .into_response()
    }
}

async fn list(State(script): Scripted, RawQuery(query): RawQuery) -> Json<Value> {
    script
        .searches
        .lock()
        .unwrap()
        .push(query.unwrap_or_default());
    if script.hold.load(Ordering::SeqCst) {
        let released = script.release.notified();
        script.held.fetch_add(1, Ordering::SeqCst);
        released.await;
    }
    let mut page = json!({ "workloads": [script.workload] });
    let next = script.next.load(Ordering::SeqCst);
    if next != i64::MIN {
        page["next"] = json!(next);
    }
    Json(page)
}

async fn metrics_csv() -> Response {
    (
        [(header::CONTENT_TYPE, "text/csv")],
        "timestamp,type,gpu,value\n2026-11-30T00:00:00Z,GPU_UTILIZATION,@SUM(A1),-12\n\
         2026-11-30T00:01:00Z,+cmd|' /C calc'!A0,0,3.5\n",
    )
        .into_response()
}

async fn telemetry_csv() -> Response {
    (
        [(header::CONTENT_TYPE, "text/csv")],
        format!(
            "type,value,name\nWORKLOADS_COUNT,4,\"{}\"\n",
            FORMULA.replace('"', "\"\"")
        ),
    )
        .into_response()
}

/// The scripted control plane, the dashboard in front of it (signed in), and the script.
async fn start() -> (TestServer, Arc<Script>) {
    let sim = Sim::start().await;
    let admin = sim.admin().await;
    let mut workload = sim.ok(&admin, "/api/v1/workloads?limit=1").await["workloads"][0].clone();
    workload["name"] = json!(FORMULA);
    let script = Arc::new(Script {
        workload,
        next: AtomicI64::new(i64::MIN),
        hold: AtomicBool::new(false),
        release: Notify::new(),
        held: AtomicUsize::new(0),
        probes: AtomicUsize::new(0),
        searches: Mutex::default(),
    });
    let app = Router::new()
        .route("/api/v1/token", post(token))
        .route("/api/v1/workloads", get(list))
        .route("/api/v1/workloads/count", get(count))
        .route("/api/v1/workloads/telemetry", get(telemetry_csv))
        .route("/api/v1/workloads/{id}/metrics", get(metrics_csv))
        .with_state(script.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let server = TestServer::start_signed_out(SettingsArgs {
        runai: server::config::RunaiArgs {
            url: Some(url),
            ..Default::default()
        },
        ..Default::default()
    })
    .await;
    assert_eq!(server.sign_in_key("alice", "anything").await, 303);
    (server, script)
}

#[tokio::test]
async fn every_csv_export_neutralizes_formulas() {
    let (server, script) = start().await;
    let id = script.workload["id"].as_str().unwrap().to_owned();
    let (status, table) = server.get("/export/workloads.csv?columns=name,phase").await;
    assert_eq!(status, 200, "{table}");
    assert!(
        table.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"open\"\")\""),
        "{table}"
    );
    let (status, metrics) = server
        .get(&format!("/export/workloads/{id}/metrics.csv?range=1h"))
        .await;
    assert_eq!(status, 200, "{metrics}");
    assert!(
        metrics.contains(",'@SUM(A1),-12\n"),
        "numbers stay numbers: {metrics}"
    );
    assert!(metrics.contains(",'+cmd|' /C calc'!A0,"), "{metrics}");
    let (status, telemetry) = server
        .get("/export/telemetry.csv?telemetryType=WORKLOADS_COUNT")
        .await;
    assert_eq!(status, 200, "{telemetry}");
    assert!(telemetry.contains(",\"'=HYPERLINK("), "{telemetry}");
    for csv in [&table, &metrics, &telemetry] {
        for line in csv.lines() {
            for risky in [",=", ",+", ",@", ",\"=", ",\"+", ",\"@"] {
                assert!(!line.contains(risky), "{line}");
            }
            assert!(!line.starts_with(['=', '+', '@']), "{line}");
        }
    }
}

#[tokio::test]
async fn paging_that_does_not_move_forward_stops_the_export_with_a_reason() {
    let (server, script) = start().await;
    for (next, why) in [(0, "does not move past"), (3_000_000_000, "skips rows")] {
        script.next.store(next, Ordering::SeqCst);
        script.searches.lock().unwrap().clear();
        let (status, message) = server
            .get(&format!("/export/workloads.csv?search=n{next}"))
            .await;
        assert_eq!(status, 502, "{message}");
        assert!(
            message.contains("paging") && message.contains(why),
            "{message}"
        );
        assert_eq!(
            script.searches.lock().unwrap().len(),
            1,
            "no second request was sent"
        );
    }
}

#[tokio::test]
async fn a_session_runs_at_most_two_exports_at_once() {
    let (server, script) = start().await;
    script.hold.store(true, Ordering::SeqCst);
    // Two exports of different views (so no shared read), held by Run:ai.
    let export = |search: &'static str| {
        let (http, url) = (
            server.http.clone(),
            server.url(&format!("/export/workloads.csv?search={search}")),
        );
        tokio::spawn(async move { http.get(url).send().await.unwrap().status().as_u16() })
    };
    let first = export("a");
    let second = export("b");
    while script.held.load(Ordering::SeqCst) < 2 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let response = server
        .http
        .get(server.url("/export/workloads.csv?search=c"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
    let message = response.text().await.unwrap();
    assert!(
        message.contains("2 exports are already running"),
        "{message}"
    );
    script.hold.store(false, Ordering::SeqCst);
    script.release.notify_waiters();
    assert_eq!((first.await.unwrap(), second.await.unwrap()), (200, 200));
    assert_eq!(server.get("/export/workloads.csv?search=d").await.0, 200);
}

#[tokio::test]
async fn fifty_readiness_probes_cost_run_ai_one_call() {
    let (server, script) = start().await;
    let mut probes = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let (http, url) = (server.http.clone(), server.url("/readyz"));
        probes.spawn(async move { http.get(url).send().await.unwrap().status().as_u16() });
    }
    while let Some(status) = probes.join_next().await {
        assert_eq!(status.unwrap(), 200);
    }
    assert_eq!(script.probes.load(Ordering::SeqCst), 1);
}
