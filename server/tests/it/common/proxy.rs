//! A recording pass-through in front of the simulator: what Run:ai was asked, seen
//! from outside the dashboard.

use std::sync::{Arc, Mutex};

use axum::{Router, extract::Request, response::IntoResponse};

/// One request the proxy passed on.
#[derive(Clone, Debug)]
pub struct Call {
    /// The path, without the query.
    pub path: String,
    /// The query, if any.
    pub query: Option<String>,
    pub request_id: Option<String>,
    /// When it arrived.
    pub at: std::time::Instant,
}

/// The calls seen so far.
pub type Calls = Arc<Mutex<Vec<Call>>>;

/// How many of the calls seen so far went to `path`.
pub fn calls_to(calls: &Calls, path: &str) -> usize {
    calls
        .lock()
        .unwrap()
        .iter()
        .filter(|call| call.path == path)
        .count()
}

/// The time between each list call and the one before it.
pub fn list_call_gaps(calls: &Calls) -> Vec<std::time::Duration> {
    let calls = calls.lock().unwrap();
    let lists: Vec<std::time::Instant> = calls
        .iter()
        .filter(|call| call.path == "/api/v1/workloads")
        .map(|call| call.at)
        .collect();
    lists.windows(2).map(|pair| pair[1] - pair[0]).collect()
}

/// How many times each list query (by its query string) went upstream.
pub fn list_calls_by_query(calls: &Calls) -> std::collections::HashMap<String, usize> {
    let mut asked = std::collections::HashMap::new();
    for call in calls.lock().unwrap().iter() {
        if call.path == "/api/v1/workloads" {
            *asked
                .entry(call.query.clone().unwrap_or_default())
                .or_default() += 1;
        }
    }
    asked
}

/// A pass-through in front of the simulator (a stand-in for a control plane that can be
/// watched): notes each request's path and `X-Request-Id`. Returns its URL.
pub async fn recording_proxy(target: String) -> (String, Calls) {
    let seen: Calls = Arc::default();
    let calls = seen.clone();
    let http = reqwest::Client::new();
    let app = Router::new().fallback(move |request: Request| {
        let (http, target, seen) = (http.clone(), target.clone(), seen.clone());
        async move {
            let (parts, body) = request.into_parts();
            seen.lock().unwrap().push(Call {
                path: parts.uri.path().to_owned(),
                query: parts.uri.query().map(str::to_owned),
                request_id: parts
                    .headers
                    .get("x-request-id")
                    .map(|id| id.to_str().unwrap().to_owned()),
                at: std::time::Instant::now(),
            });
            let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
            let mut forward = http.request(parts.method, format!("{target}{}", parts.uri));
            for name in ["authorization", "accept", "content-type"] {
                if let Some(value) = parts.headers.get(name) {
                    forward = forward.header(name, value);
                }
            }
            let answer = forward.body(body).send().await.unwrap();
            let status = answer.status();
            let content_type = answer.headers().get("content-type").cloned();
            let bytes = answer.bytes().await.unwrap();
            let mut response = (status, bytes).into_response();
            if let Some(value) = content_type {
                response.headers_mut().insert("content-type", value);
            }
            response
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), calls)
}

/// A simulator of `workloads` started at the real time (so the dashboard reuses its
/// tokens), a recording proxy in front of it, and a dashboard with `ops` on that proxy,
/// signed in as the admin; the simulator lives as long as it is kept.
pub async fn watched_dashboard(
    workloads: u64,
    ops: server::config::ops::OpsArgs,
) -> (super::Sim, super::TestServer, Calls) {
    let sim = super::Sim::start_now_with(runai_sim::SimSettings {
        workloads,
        ..super::admin_known()
    })
    .await;
    let (proxy, calls) = recording_proxy(sim.url.clone()).await;
    let dashboard = super::TestServer::start_signed_out(server::config::SettingsArgs {
        runai: server::config::RunaiArgs {
            url: Some(proxy),
            ..Default::default()
        },
        ops,
        ..Default::default()
    })
    .await;
    assert_eq!(
        dashboard
            .sign_in_key("runboard-admin", "runboard-admin")
            .await,
        303
    );
    (sim, dashboard, calls)
}
