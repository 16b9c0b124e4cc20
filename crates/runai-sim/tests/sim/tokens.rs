//! Every token grant of both token APIs, the tokens' shape, and bearer checks.

use base64::{Engine, engine::general_purpose::STANDARD};
use runai_sim::SimSettings;
use runai_sim::testing::Sim;
use serde_json::{Value, json};

async fn v1(sim: &Sim, body: Value) -> (u16, Value) {
    let response = sim
        .http
        .post(format!("{}/api/v1/token", sim.url))
        .json(&body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn v2(sim: &Sim, form: &[(&str, &str)]) -> (u16, Value) {
    let response = sim
        .http
        .post(format!("{}/api/v2/token", sim.url))
        .form(form)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

/// Decodes a JWT payload the way Run:ai's Python client does: standard base64.
fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    assert!(
        !payload.contains(['-', '_']),
        "payload must decode as standard base64: {payload}"
    );
    let padded = format!("{payload}{}", "=".repeat((4 - payload.len() % 4) % 4));
    serde_json::from_slice(&STANDARD.decode(padded).unwrap()).unwrap()
}

#[tokio::test]
async fn every_v1_grant_issues_a_working_token() {
    let sim = Sim::start().await;
    let grants = [
        json!({"grantType": "client_credentials", "clientId": "runboard-admin", "clientSecret": "runboard-admin"}),
        json!({"grantType": "client_credentials", "clientID": "alice", "clientSecret": "alice"}),
        json!({"grantType": "app_token", "AppId": "bob", "AppSecret": "bob"}),
        json!({"grantType": "password", "username": "alice", "password": "alice"}),
    ];
    for grant in grants {
        let (status, body) = v1(&sim, grant.clone()).await;
        assert_eq!(status, 200, "{grant}: {body}");
        let access = body["accessToken"].as_str().unwrap();
        assert_eq!(body["expiresIn"], 3600);
        let c = claims(access);
        assert_eq!(
            c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(),
            3600
        );
        assert_eq!(
            sim.get(access, "/api/v1/workloads/count").await.0,
            200,
            "{grant}"
        );

        let refresh = body["refreshToken"].as_str().unwrap();
        let (status, renewed) = v1(
            &sim,
            json!({"grantType": "refresh_token", "refreshToken": refresh}),
        )
        .await;
        assert_eq!(status, 200, "{renewed}");
        assert_eq!(
            claims(renewed["accessToken"].as_str().unwrap())["sub"],
            c["sub"]
        );
        assert_eq!(
            sim.get(refresh, "/api/v1/workloads/count").await.0,
            401,
            "a refresh token is not an access token"
        );
    }
}

#[tokio::test]
async fn v1_refusals_say_why() {
    let sim = Sim::start().await;
    for (body, status) in [
        (
            json!({"grantType": "client_credentials", "clientId": "runboard-admin", "clientSecret": "wrong"}),
            401,
        ),
        (
            json!({"grantType": "password", "username": "alice", "password": "bob"}),
            401,
        ),
        (
            json!({"grantType": "refresh_token", "refreshToken": "forged"}),
            401,
        ),
        (
            json!({"grantType": "client_credentials", "clientId": "alice"}),
            400,
        ),
        (json!({"grantType": "implicit"}), 400),
        (json!({"clientId": "alice", "clientSecret": "alice"}), 400),
        (json!("not an object"), 400),
    ] {
        let (got, answer) = v1(&sim, body.clone()).await;
        assert_eq!(got, status, "{body}: {answer}");
        assert_eq!(answer["code"], status);
        assert!(answer["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}

#[tokio::test]
async fn every_v2_grant_issues_a_working_token_and_errors_follow_rfc_6749() {
    let sim = Sim::start().await;
    for form in [
        vec![
            ("grant_type", "client_credentials"),
            ("client_id", "runboard-admin"),
            ("client_secret", "runboard-admin"),
        ],
        vec![
            ("grant_type", "password"),
            ("username", "bob"),
            ("password", "bob"),
        ],
    ] {
        let (status, body) = v2(&sim, &form).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["expires_in"], 3600);
        let access = body["access_token"].as_str().unwrap();
        assert_eq!(sim.get(access, "/api/v1/workloads/count").await.0, 200);
        let refresh = body["refresh_token"].as_str().unwrap();
        let (status, _) = v2(
            &sim,
            &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
        )
        .await;
        assert_eq!(status, 200);
    }
    for (form, status, error) in [
        (
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", "alice"),
                ("client_secret", "x"),
            ],
            401,
            "invalid_client",
        ),
        (
            vec![("grant_type", "device_code")],
            400,
            "unsupported_grant_type",
        ),
        (
            vec![("grant_type", "password"), ("username", "alice")],
            400,
            "invalid_request",
        ),
        (vec![("client_id", "alice")], 400, "invalid_request"),
    ] {
        let (got, body) = v2(&sim, &form).await;
        assert_eq!(
            (got, body["error"].as_str()),
            (status, Some(error)),
            "{form:?}: {body}"
        );
    }
}

#[tokio::test]
async fn bearer_tokens_are_checked() {
    let sim = Sim::start_with(SimSettings {
        token_lifetime_secs: 120,
        ..SimSettings::default()
    })
    .await;
    let token = sim.admin().await;
    let c = claims(&token);
    assert_eq!(
        c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(),
        120,
        "the lifetime is configurable"
    );

    let missing = sim
        .http
        .get(format!("{}/api/v1/workloads", sim.url))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 401);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["code"], 401);
    assert!(body["message"].as_str().unwrap().contains("bearer"));

    let mut forged = token.clone();
    forged.truncate(token.len() - 3);
    forged.push_str("AAA");
    assert_eq!(sim.get(&forged, "/api/v1/workloads").await.0, 401);

    assert_eq!(sim.get(&token, "/api/v1/workloads").await.0, 200);
    sim.clock.advance(121_000);
    let (status, body) = sim.get(&token, "/api/v1/workloads").await;
    assert_eq!(status, 401);
    assert!(
        body["message"].as_str().unwrap().contains("expired"),
        "{body}"
    );
}
