//! The Run:ai client against a local HTTP server that plays the control plane:
//! token caching and single flight, re-authentication, retries, timeouts, error
//! mapping, 207 and CSV, and the exact query strings sent.
#![cfg(feature = "ssr")]

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use app::runai::{
    ApiError, Secret,
    client::{ClientConfig, Credentials, RetryPolicy, RunaiClient, TokenApi},
    model::MetricType,
    query::{ListQuery, MetricsQuery, TelemetryQuery, WorkloadSelection},
};
use axum::{
    Json, Router,
    extract::{Form, RawQuery, State},
    http::{HeaderMap, StatusCode},
    response::IntoResponse,
    routing::{get, post},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde_json::{Value, json};

/// What the fake control plane saw.
#[derive(Default)]
struct Seen {
    token_requests: AtomicUsize,
    api_requests: AtomicUsize,
    last_query: Mutex<Option<String>>,
    last_accept: Mutex<Option<String>>,
    last_token_body: Mutex<Option<Value>>,
}

type Shared = Arc<Seen>;

/// A JWT whose payload carries `exp` (signature not checked by the client).
fn jwt(name: &str, lifetime_s: i64) -> String {
    let exp = chrono::Utc::now().timestamp() + lifetime_s;
    let payload = URL_SAFE_NO_PAD.encode(format!(r#"{{"sub":"{name}","exp":{exp}}}"#));
    format!("eyJhbGciOiJIUzI1NiJ9.{payload}.c2ln")
}

/// Starts `router` on a free loopback port; returns its base URL.
async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

fn client(base: &str) -> RunaiClient {
    client_with(base, |_| {})
}

fn client_with(base: &str, tweak: impl FnOnce(&mut ClientConfig)) -> RunaiClient {
    let mut config = ClientConfig::new(base);
    config.retry = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
    };
    tweak(&mut config);
    RunaiClient::new(config).unwrap()
}

fn key() -> Credentials {
    Credentials::access_key("runboard-test", Secret::new("s3cr3t"))
}

/// A v1 token endpoint issuing `tok-1`, `tok-2`, … as JWTs living `lifetime_s`.
fn v1_tokens(lifetime_s: i64, delay: Duration) -> Router<Shared> {
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

fn bearer_name(headers: &HeaderMap) -> String {
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
fn record(seen: &Seen, headers: &HeaderMap, query: Option<String>) {
    seen.api_requests.fetch_add(1, Ordering::SeqCst);
    *seen.last_query.lock().unwrap() = query;
    *seen.last_accept.lock().unwrap() = headers
        .get("accept")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
}

fn count_route() -> Router<Shared> {
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

async fn start(router: Router<Shared>) -> (String, Shared) {
    let seen = Shared::default();
    let base = serve(router.with_state(seen.clone())).await;
    (base, seen)
}

#[tokio::test]
async fn a_token_is_minted_once_and_reused() {
    let (base, seen) = start(v1_tokens(3600, Duration::ZERO).merge(count_route())).await;
    let client = client(&base);
    for _ in 0..3 {
        assert_eq!(
            client
                .count_workloads(&key(), &WorkloadSelection::default())
                .await,
            Ok(7)
        );
    }
    assert_eq!(seen.token_requests.load(Ordering::SeqCst), 1);
    assert_eq!(seen.api_requests.load(Ordering::SeqCst), 3);
    let body = seen.last_token_body.lock().unwrap().clone().unwrap();
    assert_eq!(
        body,
        json!({"grantType": "client_credentials", "clientId": "runboard-test", "clientSecret": "s3cr3t"})
    );
}

#[tokio::test]
async fn a_hundred_concurrent_callers_cause_one_token_request() {
    let (base, seen) =
        start(v1_tokens(3600, Duration::from_millis(100)).merge(count_route())).await;
    let client = client(&base);
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..100 {
        let client = client.clone();
        calls.spawn(async move {
            client
                .count_workloads(&key(), &WorkloadSelection::default())
                .await
        });
    }
    while let Some(result) = calls.join_next().await {
        assert_eq!(result.unwrap(), Ok(7));
    }
    assert_eq!(seen.token_requests.load(Ordering::SeqCst), 1);
    assert_eq!(seen.api_requests.load(Ordering::SeqCst), 100);
}

#[tokio::test]
async fn a_token_is_replaced_before_it_expires() {
    // Lifetime 1 s, margin 60 s: the client refreshes half-way, after 0.5 s.
    let (base, seen) = start(v1_tokens(1, Duration::ZERO).merge(count_route())).await;
    let client = client(&base);
    client
        .count_workloads(&key(), &WorkloadSelection::default())
        .await
        .unwrap();
    client
        .count_workloads(&key(), &WorkloadSelection::default())
        .await
        .unwrap();
    assert_eq!(seen.token_requests.load(Ordering::SeqCst), 1);
    tokio::time::sleep(Duration::from_millis(600)).await;
    client
        .count_workloads(&key(), &WorkloadSelection::default())
        .await
        .unwrap();
    assert_eq!(seen.token_requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_401_gets_a_fresh_token_and_one_retry() {
    // The control plane has revoked tok-1 (e.g. after a restart) and accepts tok-2.
    let router = v1_tokens(3600, Duration::ZERO).route(
        "/api/v1/workloads/count",
        get(
            |State(seen): State<Shared>, headers: HeaderMap| async move {
                record(&seen, &headers, None);
                if bearer_name(&headers) == "tok-1" {
                    (
                        StatusCode::UNAUTHORIZED,
                        Json(json!({"code": 401, "message": "token revoked"})),
                    )
                        .into_response()
                } else {
                    Json(json!({"count": 3})).into_response()
                }
            },
        ),
    );
    let (base, seen) = start(router).await;
    let result = client(&base)
        .count_workloads(&key(), &WorkloadSelection::default())
        .await;
    assert_eq!(result, Ok(3));
    assert_eq!(seen.token_requests.load(Ordering::SeqCst), 2);
    assert_eq!(seen.api_requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_401_that_persists_is_unauthorized_after_exactly_one_retry() {
    let router = v1_tokens(3600, Duration::ZERO).route(
        "/api/v1/workloads/count",
        get(
            |State(seen): State<Shared>, headers: HeaderMap| async move {
                record(&seen, &headers, None);
                (
                    StatusCode::UNAUTHORIZED,
                    Json(json!({"code": 401, "message": "key disabled"})),
                )
            },
        ),
    );
    let (base, seen) = start(router).await;
    let result = client(&base)
        .count_workloads(&key(), &WorkloadSelection::default())
        .await;
    assert_eq!(result, Err(ApiError::Unauthorized("key disabled".into())));
    assert_eq!(seen.api_requests.load(Ordering::SeqCst), 2);
    assert_eq!(seen.token_requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_bare_token_is_used_as_is_and_never_refreshed() {
    let (base, seen) = start(v1_tokens(3600, Duration::ZERO).merge(count_route())).await;
    let token = Credentials::Token(Secret::new(jwt("session-user", 3600)));
    assert_eq!(
        client(&base)
            .count_workloads(&token, &WorkloadSelection::default())
            .await,
        Ok(7)
    );
    let anonymous = Credentials::Token(Secret::new("not-a-jwt"));
    let result = client(&base)
        .count_workloads(&anonymous, &WorkloadSelection::default())
        .await;
    assert_eq!(result, Err(ApiError::Unauthorized("no token".into())));
    assert_eq!(seen.token_requests.load(Ordering::SeqCst), 0);
}

/// A count endpoint answering `statuses[n]` to the n-th request (then the last one).
fn scripted_count(statuses: &'static [u16]) -> Router<Shared> {
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

#[tokio::test]
async fn gateway_errors_are_retried_then_succeed() {
    let (base, seen) = start(scripted_count(&[503, 502, 200])).await;
    let result = client(&base)
        .count_workloads(&key(), &WorkloadSelection::default())
        .await;
    assert_eq!(result, Ok(11));
    assert_eq!(seen.api_requests.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn retries_stop_at_the_policy_limit() {
    let (base, seen) = start(scripted_count(&[504])).await;
    let result = client(&base)
        .count_workloads(&key(), &WorkloadSelection::default())
        .await;
    assert_eq!(
        result,
        Err(ApiError::Upstream {
            status: 504,
            message: "scripted (drill)".into()
        })
    );
    assert_eq!(seen.api_requests.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn client_errors_and_500_are_never_retried_and_are_mapped() {
    for (status, expected) in [
        (400, ApiError::BadRequest("scripted (drill)".into())),
        (403, ApiError::Forbidden("scripted (drill)".into())),
        (404, ApiError::NotFound("scripted (drill)".into())),
        (
            500,
            ApiError::Upstream {
                status: 500,
                message: "scripted (drill)".into(),
            },
        ),
    ] {
        let statuses: &'static [u16] = Box::leak(Box::new([status]));
        let (base, seen) = start(scripted_count(statuses)).await;
        let result = client(&base)
            .count_workloads(&key(), &WorkloadSelection::default())
            .await;
        assert_eq!(result, Err(expected), "{status}");
        assert_eq!(
            seen.api_requests.load(Ordering::SeqCst),
            1,
            "{status} is not retried"
        );
    }
}

#[tokio::test]
async fn a_slow_upstream_times_out_after_the_allowed_attempts() {
    let router = v1_tokens(3600, Duration::ZERO).route(
        "/api/v1/workloads/count",
        get(|State(seen): State<Shared>| async move {
            seen.api_requests.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_secs(5)).await;
            Json(json!({"count": 1}))
        }),
    );
    let (base, seen) = start(router).await;
    let client = client_with(&base, |c| {
        c.timeout = Duration::from_millis(150);
        c.retry.max_attempts = 2;
    });
    let result = client
        .count_workloads(&key(), &WorkloadSelection::default())
        .await;
    assert_eq!(result, Err(ApiError::Timeout));
    assert_eq!(seen.api_requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn an_unreachable_control_plane_is_reported_as_such() {
    // Bind and drop a listener to get a port nothing listens on.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = client(&format!("http://127.0.0.1:{port}"));
    match client
        .count_workloads(&key(), &WorkloadSelection::default())
        .await
    {
        Err(ApiError::Unreachable(message)) => assert!(!message.is_empty()),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn wrong_keys_and_missing_access_are_told_apart_at_sign_in() {
    let router = Router::new().route(
        "/api/v1/token",
        post(|Json(body): Json<Value>| async move {
            match body["clientId"].as_str() {
                Some("no-access") => (
                    StatusCode::FORBIDDEN,
                    Json(json!({"code": 403, "message": "no access to this tenant"})),
                ),
                _ => (
                    StatusCode::UNAUTHORIZED,
                    Json(json!({"code": 401, "message": "invalid client secret"})),
                ),
            }
        }),
    );
    let (base, _) = start(router).await;
    let client = client(&base);
    assert_eq!(
        client.sign_in(&key()).await,
        Err(ApiError::Unauthorized("invalid client secret".into()))
    );
    let no_access = Credentials::access_key("no-access", Secret::new("x"));
    assert_eq!(
        client.sign_in(&no_access).await,
        Err(ApiError::Forbidden("no access to this tenant".into()))
    );
}

#[tokio::test]
async fn the_v2_token_api_is_form_encoded_and_honours_expires_in() {
    #[derive(serde::Deserialize)]
    struct Grant {
        grant_type: String,
        username: Option<String>,
        password: Option<String>,
    }
    let router = Router::new()
        .route(
            "/api/v2/token",
            post(|State(seen): State<Shared>, Form(grant): Form<Grant>| async move {
                seen.token_requests.fetch_add(1, Ordering::SeqCst);
                assert_eq!(grant.grant_type, "password");
                assert_eq!(grant.username.as_deref(), Some("ada"));
                assert_eq!(grant.password.as_deref(), Some("pw"));
                // An opaque (non-JWT) token: its lifetime comes from expires_in.
                Json(json!({"access_token": "opaque-token", "token_type": "Bearer", "expires_in": 3600}))
            }),
        )
        .route(
            "/api/v1/workloads/count",
            get(|headers: HeaderMap| async move {
                assert_eq!(headers["authorization"], "Bearer opaque-token");
                Json(json!({"count": 2}))
            }),
        );
    let (base, seen) = start(router).await;
    let client = client_with(&base, |c| c.token_api = TokenApi::V2);
    let user = Credentials::password("ada", Secret::new("pw"));
    for _ in 0..2 {
        assert_eq!(
            client
                .count_workloads(&user, &WorkloadSelection::default())
                .await,
            Ok(2)
        );
    }
    assert_eq!(seen.token_requests.load(Ordering::SeqCst), 1);
}

/// Answers the list, telemetry and metrics endpoints, recording the query and Accept.
fn api_routes() -> Router<Shared> {
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

#[tokio::test]
async fn arrays_are_sent_explode_false_exactly_as_the_spec_says() {
    let (base, seen) = start(api_routes()).await;
    let client = client(&base);
    let query = ListQuery::parse(
        "filterBy=phase==Running&filterBy=allocatedGPU>=2&sortBy=createdAt&sortOrder=desc&limit=25",
    )
    .unwrap();
    let page = client.list_workloads(&key(), &query).await.unwrap();
    assert_eq!(page.next, Some(10));
    assert_eq!(
        seen.last_query.lock().unwrap().as_deref(),
        Some(
            "filterBy=phase%3D%3DRunning%2CallocatedGPU%3E%3D2&limit=25&sortBy=createdAt&sortOrder=desc"
        )
    );
    assert_eq!(
        seen.last_accept.lock().unwrap().as_deref(),
        Some("application/json")
    );

    let telemetry =
        TelemetryQuery::parse("telemetryType=GPU_ALLOCATION&groupBy=DepartmentId,Phase").unwrap();
    client
        .workloads_telemetry(&key(), &telemetry)
        .await
        .unwrap();
    assert_eq!(
        seen.last_query.lock().unwrap().as_deref(),
        Some("telemetryType=GPU_ALLOCATION&groupBy=DepartmentId%2CPhase")
    );
}

#[tokio::test]
async fn csv_variants_ask_for_text_csv() {
    let (base, seen) = start(api_routes()).await;
    let client = client(&base);
    let telemetry = TelemetryQuery::parse("telemetryType=WORKLOADS_COUNT").unwrap();
    let csv = client
        .workloads_telemetry_csv(&key(), &telemetry)
        .await
        .unwrap();
    assert_eq!(csv, "group,value\nresearch,12\n");
    assert_eq!(
        seen.last_accept.lock().unwrap().as_deref(),
        Some("text/csv")
    );

    let metrics = MetricsQuery::parse(
        "metricType=GPU_UTILIZATION&start=2026-11-27T05:00:00Z&end=2026-11-27T06:00:00Z",
    )
    .unwrap();
    let id = uuid::Uuid::from_u128(7);
    client
        .workload_metrics_csv(&key(), id, &metrics)
        .await
        .unwrap();
    assert_eq!(
        seen.last_accept.lock().unwrap().as_deref(),
        Some("text/csv")
    );
}

#[tokio::test]
async fn a_207_returns_the_data_and_what_is_missing() {
    let (base, _) = start(api_routes()).await;
    let query = MetricsQuery::parse(
        "metricType=GPU_UTILIZATION,NIM_NUM_REQUESTS_RUNNING&start=2026-11-27T05:00:00Z&end=2026-11-27T06:00:00Z&numberOfSamples=10",
    )
    .unwrap();
    let result = client(&base)
        .workload_metrics(&key(), uuid::Uuid::from_u128(7), &query)
        .await
        .unwrap();
    assert_eq!(result.data.measurements.len(), 1);
    assert_eq!(result.missing, [MetricType::NimNumRequestsRunning]);
}

#[tokio::test]
async fn a_body_that_breaks_the_spec_is_a_decode_error_saying_where() {
    let (base, _) = start(api_routes()).await;
    let result = client(&base)
        .get_workload(&key(), uuid::Uuid::from_u128(7))
        .await;
    match result {
        Err(ApiError::Decode { what, at }) => {
            assert_eq!(what, "workload");
            assert!(at.starts_with("name: invalid type: integer `42`"), "{at}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn invalid_queries_are_refused_before_any_request() {
    let (base, seen) = start(api_routes()).await;
    let client = client(&base);
    let query = ListQuery {
        limit: Some(0),
        ..Default::default()
    };
    let result = client.list_workloads(&key(), &query).await;
    assert!(
        matches!(result, Err(ApiError::BadRequest(ref m)) if m.contains("limit")),
        "{result:?}"
    );
    let mut metrics = MetricsQuery::parse(
        "metricType=GPU_UTILIZATION&start=2026-11-27T05:00:00Z&end=2026-11-27T06:00:00Z",
    )
    .unwrap();
    metrics.end = metrics.start;
    let result = client
        .workload_metrics(&key(), uuid::Uuid::from_u128(7), &metrics)
        .await;
    assert!(matches!(result, Err(ApiError::BadRequest(_))), "{result:?}");
    assert_eq!(seen.api_requests.load(Ordering::SeqCst), 0);
    assert_eq!(seen.token_requests.load(Ordering::SeqCst), 0);
}

/// Collects what the tracing subscriber writes.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn every_call_is_traced_and_no_secret_or_token_is() {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let (base, _) = start(scripted_count(&[503, 200])).await;
    client(&base)
        .count_workloads(&key(), &WorkloadSelection::default())
        .await
        .unwrap();

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.contains("method=\"POST\" path=\"/api/v1/token\" status=200"),
        "{text}"
    );
    assert!(
        text.contains("path=\"/api/v1/workloads/count\" status=503"),
        "{text}"
    );
    assert!(text.contains("status=200 latency_ms="), "{text}");
    assert!(text.contains("attempt=2"), "the retry is visible: {text}");
    assert!(!text.contains("s3cr3t"), "the secret leaked: {text}");
    assert!(
        !text.contains("eyJhbGciOiJIUzI1NiJ9"),
        "a token leaked: {text}"
    );
}
