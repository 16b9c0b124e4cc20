//! Fault drills, one per fault kind: the dashboard (real server on port 0, user mode)
//! in front of a simulator whose faults are switched at run time. For each fault, on
//! the table, the workload page and the overview (pages and their server functions):
//! the server answers within its time bound, never with a bare 500, with a message
//! that says what failed; and once the fault clears it recovers by itself.
//!
//! What a person sees in the browser (last good data marked stale, the retry note,
//! recovery without a reload) is drilled in `end2end/tests/faults.spec.ts`.

use std::time::{Duration, Instant};

use crate::common::drill::Drill;
use serde_json::json;

/// A circuit opened by this fault's failures answers for it, naming the last failure.
const CIRCUIT: &str = "upstream unavailable: Run:ai failed 5 times in a row";

#[tokio::test]
async fn latency_beyond_the_timeout() {
    let drill = Drill::start().await;
    drill
        .fault_drill(
            json!({"latencyMs": 2500}),
            &["Run:ai did not answer in time", CIRCUIT],
        )
        .await;
}

#[tokio::test]
async fn an_upstream_that_never_answers() {
    let drill = Drill::start().await;
    drill
        .fault_drill(
            json!({"hang": true}),
            &["Run:ai did not answer in time", CIRCUIT],
        )
        .await;
}

#[tokio::test]
async fn internal_server_errors() {
    let drill = Drill::start().await;
    drill
        .fault_drill(
            json!({"errorRate": 1.0, "errorStatus": 500}),
            &["Run:ai answered 500: injected error", CIRCUIT],
        )
        .await;
}

#[tokio::test]
async fn bad_gateway() {
    let drill = Drill::start().await;
    drill
        .fault_drill(
            json!({"errorRate": 1.0, "errorStatus": 502}),
            &["Run:ai answered 502: injected error", CIRCUIT],
        )
        .await;
}

#[tokio::test]
async fn a_burst_of_503s() {
    let drill = Drill::start().await;
    // The simulator's clock stands still on a whole ten seconds: inside a burst.
    drill
        .fault_drill(
            json!({"burstEveryS": 10, "burstLengthS": 5}),
            &[
                "Run:ai answered 503: the control plane is overloaded",
                CIRCUIT,
            ],
        )
        .await;
}

#[tokio::test]
async fn the_upstream_is_down_and_refuses_connections() {
    let drill = Drill::start().await;
    drill.set_faults(json!({"downForMs": 4000})).await;
    let started = Instant::now();
    drill
        .assert_explained(&["cannot reach Run:ai", CIRCUIT])
        .await;
    // Nobody can reach a stopped control plane to clear the fault: it comes back by
    // itself, and the dashboard with it.
    drill.assert_recovers().await;
    assert!(started.elapsed() >= Duration::from_secs(3));
}

#[tokio::test]
async fn malformed_json() {
    let drill = Drill::start().await;
    drill
        .fault_drill(json!({"malformedRate": 1.0}), &["that cannot be read"])
        .await;
}

#[tokio::test]
async fn spec_violating_json() {
    let drill = Drill::start().await;
    drill
        .fault_drill(json!({"specViolationRate": 1.0}), &["that cannot be read"])
        .await;
}

#[tokio::test]
async fn token_expiry_mid_session_is_invisible() {
    let drill = Drill::start().await;
    drill.expire_tokens().await;
    // The client sees the 401, gets a fresh token once, and answers as if nothing
    // happened.
    drill.all_answer().await;
    drill.expire_tokens().await;
    drill.all_answer().await;
}

#[tokio::test]
async fn the_token_endpoint_is_down() {
    let drill = Drill::start().await;
    drill.set_faults(json!({"tokenEndpointDown": true})).await;
    // Tokens in hand keep working while the token service is down…
    drill.all_answer().await;
    // …until they expire: then every page says the token service failed. (The drill
    // renews its own admin token while the service is up.)
    drill.set_faults(json!({})).await;
    drill.expire_tokens().await;
    drill.set_faults(json!({"tokenEndpointDown": true})).await;
    drill
        .assert_explained(&["its token service failed: the token service is down"])
        .await;
    drill.set_faults(json!({})).await;
    drill.assert_recovers().await;
}

#[tokio::test]
async fn an_open_circuit_answers_at_once_instead_of_piling_up() {
    let drill = Drill::start().await;
    drill.set_faults(json!({"hang": true})).await;
    // The first visit's timeouts open the circuit…
    drill
        .assert_explained(&["did not answer in time", CIRCUIT])
        .await;
    // …and from then on calls do not wait for Run:ai at all.
    let started = Instant::now();
    let response = drill
        .dashboard
        .call("workloads_page", &[("query", "")])
        .await;
    assert_eq!(response.status(), 503);
    assert!(response.text().await.unwrap().contains(CIRCUIT));
    // Not a speed figure: a call that reached Run:ai would have waited its 1 s timeout.
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "answered without waiting for Run:ai: {:?}",
        started.elapsed()
    );
    drill.set_faults(json!({})).await;
    drill.assert_recovers().await;
}
