//! Exposed to a team: the `Host` check (with probes answering any name), `no-store` on
//! what is one person's view, a whole-request timeout that answers with a message, and
//! a warning when demo mode listens beyond this machine.

use crate::common::{Sim, TestServer};
use runai_sim::SimSettings;
use server::config::{SettingsArgs, ops::OpsArgs};

#[tokio::test]
async fn other_host_names_are_refused_but_probes_answer() {
    let server = TestServer::start(SettingsArgs::default()).await;
    let response = server
        .http
        .get(server.url("/workloads"))
        .header("host", "rebound.evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 421);
    let message = response.text().await.unwrap();
    assert!(message.contains("RUNBOARD_ALLOWED_HOSTS"), "{message}");
    let probe = server
        .http
        .get(server.url("/healthz"))
        .header("host", "10.1.2.3:3000")
        .send()
        .await
        .unwrap();
    assert_eq!(probe.status(), 200);
    let localhost = server
        .http
        .get(server.url("/workloads"))
        .header("host", server.base.replace("http://127.0.0.1", "localhost"))
        .send()
        .await
        .unwrap();
    assert_eq!(localhost.status(), 200, "the loopback names are allowed");
}

#[tokio::test]
async fn one_persons_views_are_never_cached() {
    let server = TestServer::start(SettingsArgs::default()).await;
    let no_store = |response: &reqwest::Response| {
        response
            .headers()
            .get("cache-control")
            .is_some_and(|v| v == "no-store")
    };
    for path in [
        "/workloads",
        "/overview",
        "/export/workloads.csv?limit=5",
        "/login",
    ] {
        let response = server.http.get(server.url(path)).send().await.unwrap();
        assert!(no_store(&response), "{path}: {:?}", response.headers());
    }
    let response = server.call("identity", &[]).await;
    assert_eq!(response.status(), 200);
    assert!(no_store(&response), "a server function's answer");
    let static_file = server
        .http
        .get(server.url("/favicon.svg"))
        .send()
        .await
        .unwrap();
    assert!(!no_store(&static_file), "static files stay cacheable");
}

#[tokio::test]
async fn a_request_past_the_whole_request_timeout_is_told_so() {
    // Every Run:ai answer takes 30 s; the client would wait for it, the dashboard not.
    let sim = Sim::start_with(SimSettings {
        faults: runai_sim::faults::Faults {
            latency_ms: 30_000,
            ..Default::default()
        },
        ..crate::common::admin_known()
    })
    .await;
    let server = TestServer::start_signed_out(SettingsArgs {
        runai: server::config::RunaiArgs {
            url: Some(sim.url.clone()),
            timeout_secs: Some(60),
            ..Default::default()
        },
        ops: OpsArgs {
            request_timeout_secs: Some(1),
            ..Default::default()
        },
        ..Default::default()
    })
    .await;
    // Signing in asks Run:ai for a token, which takes 30 s.
    let response = server
        .http
        .post(server.url("/login"))
        .form(&[("client_id", "alice"), ("client_secret", "alice")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 504);
    let message = response.text().await.unwrap();
    assert!(
        message.contains("took longer than the dashboard allows"),
        "{message}"
    );
}

#[tokio::test]
async fn demo_mode_beyond_loopback_is_warned_about() {
    use crate::common::process::{Process, runboard};
    let (process, _) = Process::start(
        runboard(),
        &[],
        &[
            ("RUNBOARD_ADDR", "0.0.0.0:0"),
            ("RUNBOARD_LOG", "warn,server=info"),
        ],
        "Runboard listening on",
    )
    .await;
    let log = process.log();
    assert!(
        log.contains("demo mode listens beyond this machine"),
        "{log}"
    );
    let (loopback, _) = Process::start(
        runboard(),
        &[],
        &[
            ("RUNBOARD_ADDR", "127.0.0.1:0"),
            ("RUNBOARD_LOG", "warn,server=info"),
        ],
        "Runboard listening on",
    )
    .await;
    assert!(!loopback.log().contains("demo mode listens beyond"));
}
