//! Fault injection, switched at run time by an admin, seen through Runboard's own
//! Run:ai client: each fault surfaces as the typed error a page will explain.

use std::time::Duration;

use runai::{
    ApiError, Secret,
    client::{ClientConfig, Credentials, RetryPolicy, RunaiClient},
    query::{ListQuery, WorkloadSelection},
};
use runai_sim::testing::Sim;
use serde_json::{Value, json};

async fn set_faults(sim: &Sim, faults: Value) {
    let token = sim.admin().await;
    let response = sim
        .http
        .put(format!("{}/api/v1/sim/faults", sim.url))
        .bearer_auth(token)
        .json(&faults)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
}

fn client(sim: &Sim) -> RunaiClient {
    let mut config = ClientConfig::new(&sim.url);
    config.timeout = Duration::from_millis(300);
    config.retry = RetryPolicy {
        max_attempts: 2,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(10),
    };
    RunaiClient::new(config).unwrap()
}

fn admin() -> Credentials {
    Credentials::access_key("runboard-admin", Secret::new("runboard-admin"))
}

async fn count(client: &RunaiClient) -> Result<i64, ApiError> {
    client
        .count_workloads(&admin(), &WorkloadSelection::default())
        .await
}

#[tokio::test]
async fn the_client_reads_a_healthy_simulator_with_the_typed_models() {
    let sim = Sim::start().await;
    let client = client(&sim);
    let query = ListQuery::parse("limit=500&sortBy=createdAt&sortOrder=desc").unwrap();
    let page = client.list_workloads(&admin(), &query).await.unwrap();
    assert_eq!(
        page.workloads.len() as i64,
        count(&client).await.unwrap().min(500)
    );
    let detail = client
        .get_workload(&admin(), page.workloads[0].id)
        .await
        .unwrap();
    assert_eq!(detail.workload.id, page.workloads[0].id);
}

#[tokio::test]
async fn only_admins_change_faults() {
    let sim = Sim::start().await;
    let alice = sim.token("alice", "alice").await;
    let response = sim
        .http
        .put(format!("{}/api/v1/sim/faults", sim.url))
        .bearer_auth(alice)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let admin = sim.admin().await;
    let response = sim
        .http
        .put(format!("{}/api/v1/sim/faults", sim.url))
        .bearer_auth(&admin)
        .json(&json!({"latencyMs": "slow"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400, "bad fault settings are refused");
    let faults = sim.ok(&admin, "/api/v1/sim/faults").await;
    assert_eq!(faults["latencyMs"], 0, "all off by default: {faults}");
}

#[tokio::test]
async fn latency_beyond_the_timeout_is_a_timeout() {
    let sim = Sim::start().await;
    set_faults(&sim, json!({"latencyMs": 1000})).await;
    assert_eq!(count(&client(&sim)).await, Err(ApiError::Timeout));
    set_faults(&sim, json!({})).await;
    assert!(
        count(&client(&sim)).await.is_ok(),
        "recovers when the fault clears"
    );
}

#[tokio::test]
async fn injected_errors_keep_their_status() {
    let sim = Sim::start().await;
    for status in [500u16, 502] {
        set_faults(&sim, json!({"errorRate": 1.0, "errorStatus": status})).await;
        match count(&client(&sim)).await {
            Err(ApiError::Upstream { status: got, .. }) => assert_eq!(got, status),
            other => panic!("{status}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_503_burst_passes() {
    let sim = Sim::start().await;
    // Bursts last the first 10 s of every minute of the simulator's clock.
    set_faults(&sim, json!({"burstEveryS": 60, "burstLengthS": 10})).await;
    let minute = 60_000 - (runai_sim::testing::START_MS % 60_000);
    sim.clock.advance(minute + 1_000);
    assert!(matches!(
        count(&client(&sim)).await,
        Err(ApiError::Upstream { status: 503, .. })
    ));
    sim.clock.advance(20_000);
    assert!(count(&client(&sim)).await.is_ok());
}

#[tokio::test]
async fn a_dropped_connection_is_unreachable() {
    let sim = Sim::start().await;
    set_faults(&sim, json!({"dropRate": 1.0})).await;
    assert!(
        matches!(count(&client(&sim)).await, Err(ApiError::Unreachable(_))),
        "{:?}",
        count(&client(&sim)).await
    );
}

#[tokio::test]
async fn malformed_and_spec_violating_bodies_are_decode_errors() {
    let sim = Sim::start().await;
    for fault in [
        json!({"malformedRate": 1.0}),
        json!({"specViolationRate": 1.0}),
    ] {
        set_faults(&sim, fault.clone()).await;
        assert!(
            matches!(count(&client(&sim)).await, Err(ApiError::Decode { .. })),
            "{fault}"
        );
    }
}

#[tokio::test]
async fn expired_tokens_are_replaced_transparently() {
    let sim = Sim::start().await;
    let client = client(&sim);
    assert!(count(&client).await.is_ok());
    let token = sim.admin().await;
    sim.clock.advance(1_000);
    let response = sim
        .http
        .post(format!("{}/api/v1/sim/faults/expire-tokens", sim.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(
        sim.get(&token, "/api/v1/workloads/count").await.0,
        401,
        "old tokens are refused"
    );
    sim.clock.advance(1_000);
    assert!(
        count(&client).await.is_ok(),
        "the client got a new token after the 401"
    );
}

#[tokio::test]
async fn a_token_endpoint_that_is_down_fails_sign_in() {
    let sim = Sim::start().await;
    set_faults(&sim, json!({"tokenEndpointDown": true})).await;
    assert!(matches!(
        client(&sim).sign_in(&admin()).await,
        Err(ApiError::Upstream { status: 503, .. })
    ));
}
