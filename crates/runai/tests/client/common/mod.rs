//! A local HTTP server that plays the Run:ai control plane for the client tests: what
//! it saw, its token and API routes, and clients pointed at it.
#![allow(dead_code, unused_imports)]

pub use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

pub use axum::{
    Json, Router,
    extract::{Form, RawQuery, State},
    http::{HeaderMap, StatusCode},
    response::IntoResponse,
    routing::{get, post},
};
pub use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
pub use runai::{
    ApiError, Secret,
    client::{ClientConfig, Credentials, RetryPolicy, RunaiClient, TokenApi},
    model::MetricType,
    query::{ListQuery, MetricsQuery, TelemetryQuery, WorkloadSelection},
};
pub use serde_json::{Value, json};

/// What the fake control plane saw.
#[derive(Default)]
pub struct Seen {
    pub token_requests: AtomicUsize,
    pub api_requests: AtomicUsize,
    pub last_query: Mutex<Option<String>>,
    pub last_accept: Mutex<Option<String>>,
    pub last_token_body: Mutex<Option<Value>>,
}

pub type Shared = Arc<Seen>;

/// A JWT whose payload carries `exp` (signature not checked by the client).
pub fn jwt(name: &str, lifetime_s: i64) -> String {
    let exp = chrono::Utc::now().timestamp() + lifetime_s;
    let payload = URL_SAFE_NO_PAD.encode(format!(r#"{{"sub":"{name}","exp":{exp}}}"#));
    format!("eyJhbGciOiJIUzI1NiJ9.{payload}.c2ln")
}

/// Starts `router` on a free loopback port; returns its base URL.
pub async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

pub fn client(base: &str) -> RunaiClient {
    client_with(base, |_| {})
}

/// A client with quick retries and no read cache (these tests count every request;
/// `client_cache.rs` tests the cache).
pub fn client_with(base: &str, tweak: impl FnOnce(&mut ClientConfig)) -> RunaiClient {
    let mut config = ClientConfig::new(base);
    config.cache_ttl = Duration::ZERO;
    config.retry = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
    };
    tweak(&mut config);
    RunaiClient::new(config).unwrap()
}

pub fn key() -> Credentials {
    Credentials::access_key("runboard-test", Secret::new("s3cr3t"))
}

/// A v1 token endpoint issuing `tok-1`, `tok-2`, … as JWTs living `lifetime_s`.
pub fn v1_tokens(lifetime_s: i64, delay: Duration) -> Router<Shared> {
    Router::new().route(
        "/api/v1/token",
        post(move |State(seen): State<Shared>, Json(body): Json<Value>| async move {
            tokio::time::sleep(delay).await;
            let n = seen.token_requests.fetch_add(1, Ordering::SeqCst) + 1;
            *seen.last_token_body.lock().unwrap() = Some(body);
            Json(json!({"accessToken": jwt(&format!("tok-{n}"), lifetime_s), "expiresIn": lifetime_s}))
        }),
    )
}

pub fn bearer_name(headers: &HeaderMap) -> String {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    let payload = token.split('.').nth(1).unwrap_or_default();
    let claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap_or_default())
            .unwrap_or(Value::Null);
    claims["sub"].as_str().unwrap_or_default().to_owned()
}

/// Records the request and answers `status` with `body`.
pub fn record(seen: &Seen, headers: &HeaderMap, query: Option<String>) {
    seen.api_requests.fetch_add(1, Ordering::SeqCst);
    *seen.last_query.lock().unwrap() = query;
    *seen.last_accept.lock().unwrap() = headers
        .get("accept")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
}

pub fn count_route() -> Router<Shared> {
    Router::new().route(
        "/api/v1/workloads/count",
        get(
            |State(seen): State<Shared>, headers: HeaderMap, RawQuery(q): RawQuery| async move {
                record(&seen, &headers, q);
                if bearer_name(&headers).is_empty() {
                    return (
                        StatusCode::UNAUTHORIZED,
                        Json(json!({"code": 401, "message": "no token"})),
                    )
                        .into_response();
                }
                Json(json!({"count": 7})).into_response()
            },
        ),
    )
}

pub async fn start(router: Router<Shared>) -> (String, Shared) {
    let seen = Shared::default();
    let base = serve(router.with_state(seen.clone())).await;
    (base, seen)
}

/// A count endpoint answering `statuses[n]` to the n-th request (then the last one).
pub fn scripted_count(statuses: &'static [u16]) -> Router<Shared> {
    v1_tokens(3600, Duration::ZERO).route(
        "/api/v1/workloads/count",
        get(move |State(seen): State<Shared>, headers: HeaderMap| async move {
            let n = seen.api_requests.fetch_add(1, Ordering::SeqCst);
            let _ = headers;
            let status = StatusCode::from_u16(statuses[n.min(statuses.len() - 1)]).unwrap();
            if status.is_success() {
                Json(json!({"count": 11})).into_response()
            } else {
                (status, Json(json!({"code": status.as_u16(), "message": "scripted", "details": "drill"})))
                    .into_response()
            }
        }),
    )
}

/// Answers the list, telemetry and metrics endpoints, recording the query and Accept.
pub fn api_routes() -> Router<Shared> {
    v1_tokens(3600, Duration::ZERO)
        .route(
            "/api/v1/workloads",
            get(|State(seen): State<Shared>, headers: HeaderMap, RawQuery(q): RawQuery| async move {
                record(&seen, &headers, q);
                Json(json!({"workloads": [], "next": 10}))
            }),
        )
        .route(
            "/api/v1/workloads/telemetry",
            get(|State(seen): State<Shared>, headers: HeaderMap, RawQuery(q): RawQuery| async move {
                record(&seen, &headers, q);
                if headers["accept"] == "text/csv" {
                    ([("content-type", "text/csv")], "group,value\nresearch,12\n").into_response()
                } else {
                    Json(json!({"type": "WORKLOADS_COUNT", "timestamp": "2026-11-27T05:00:00Z", "values": [{"value": "12"}]}))
                        .into_response()
                }
            }),
        )
        .route(
            "/api/v1/workloads/{id}/metrics",
            get(|State(seen): State<Shared>, headers: HeaderMap, RawQuery(q): RawQuery| async move {
                record(&seen, &headers, q);
                (
                    StatusCode::MULTI_STATUS,
                    Json(json!({"measurements": [{"type": "GPU_UTILIZATION", "labels": {"gpu": "0"},
                        "values": [{"value": "91.5", "timestamp": "2026-11-27T05:00:00Z"}]}]})),
                )
            }),
        )
        .route(
            "/api/v1/workloads/{id}",
            get(|State(seen): State<Shared>, headers: HeaderMap| async move {
                record(&seen, &headers, None);
                Json(json!({"name": 42}))
            }),
        )
}
