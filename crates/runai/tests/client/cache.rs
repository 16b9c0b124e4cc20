//! The client's read cache, against a fake control plane: identical reads in flight
//! share one request, a recent answer is reused until its lifetime ends, credentials
//! never share, and failures are never kept.

use crate::common::*;

fn cached(base: &str, ttl_ms: u64) -> RunaiClient {
    client_with(base, |config| {
        config.cache_ttl = Duration::from_millis(ttl_ms)
    })
}

async fn count(client: &RunaiClient, credentials: &Credentials) -> Result<i64, ApiError> {
    client
        .count_workloads(credentials, &WorkloadSelection::default())
        .await
}

#[tokio::test]
async fn a_hundred_identical_reads_in_flight_make_one_request() {
    // The control plane takes 100 ms to answer, so all hundred overlap.
    let (base, seen) = start(v1_tokens(3600, Duration::ZERO).merge(slow_count_route(100))).await;
    let client = cached(&base, 4_000);
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..100 {
        let client = client.clone();
        calls.spawn(async move { count(&client, &key()).await });
    }
    while let Some(result) = calls.join_next().await {
        assert_eq!(result.unwrap(), Ok(7));
    }
    assert_eq!(seen.api_requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_answer_is_reused_for_its_lifetime_only() {
    let (base, seen) = start(v1_tokens(3600, Duration::ZERO).merge(count_route())).await;
    let client = cached(&base, 300);
    for _ in 0..5 {
        assert_eq!(count(&client, &key()).await, Ok(7));
    }
    assert_eq!(seen.api_requests.load(Ordering::SeqCst), 1);
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(count(&client, &key()).await, Ok(7));
    assert_eq!(
        seen.api_requests.load(Ordering::SeqCst),
        2,
        "asked again after 300 ms"
    );
}

#[tokio::test]
async fn different_credentials_never_share_an_answer() {
    let (base, seen) = start(v1_tokens(3600, Duration::ZERO).merge(count_route())).await;
    let client = cached(&base, 4_000);
    let other_secret = Credentials::access_key("runboard-test", Secret::new("another"));
    let other_person = Credentials::access_key("someone-else", Secret::new("s3cr3t"));
    for credentials in [key(), other_secret, other_person, key()] {
        assert_eq!(count(&client, &credentials).await, Ok(7));
    }
    assert_eq!(
        seen.api_requests.load(Ordering::SeqCst),
        3,
        "one per credentials"
    );
}

#[tokio::test]
async fn a_failure_is_not_kept() {
    // The first request fails with 500 (not retried), the next ones succeed.
    let (base, seen) =
        start(v1_tokens(3600, Duration::ZERO).merge(failing_once_count_route())).await;
    let client = cached(&base, 4_000);
    assert!(matches!(
        count(&client, &key()).await,
        Err(ApiError::Upstream { status: 500, .. })
    ));
    assert_eq!(count(&client, &key()).await, Ok(7));
    assert_eq!(count(&client, &key()).await, Ok(7));
    assert_eq!(seen.api_requests.load(Ordering::SeqCst), 2);
}

/// `count` answering 7 after `delay_ms`.
fn slow_count_route(delay_ms: u64) -> Router<Shared> {
    Router::new().route(
        "/api/v1/workloads/count",
        get(move |State(seen): State<Shared>| async move {
            seen.api_requests.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(delay_ms)).await;
            Json(json!({"count": 7}))
        }),
    )
}

/// `count` failing with 500 the first time, answering 7 afterwards.
fn failing_once_count_route() -> Router<Shared> {
    Router::new().route(
        "/api/v1/workloads/count",
        get(|State(seen): State<Shared>| async move {
            if seen.api_requests.fetch_add(1, Ordering::SeqCst) == 0 {
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Json(json!({"code": 500, "message": "boom"})),
                )
                    .into_response();
            }
            Json(json!({"count": 7})).into_response()
        }),
    )
}
