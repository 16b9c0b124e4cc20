//! The Run:ai client's retries and failures, against a fake control plane: gateway
//! errors retried to the policy's limit, client errors never, timeouts and an
//! unreachable control plane reported as such.

use crate::common::*;

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
