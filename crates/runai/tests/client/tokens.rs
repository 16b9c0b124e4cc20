//! The Run:ai client's tokens, against a fake control plane: minted once, single flight,
//! replaced before expiry, re-authentication on 401, bare tokens, sign-in refusals told
//! apart, and the v2 (OAuth2 form) token API.

use crate::common::*;

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
