//! Starts the real server on port 0 and talks to it over HTTP, as a browser would
//! before hydration.

use crate::common::TestServer;
use server::config::SettingsArgs;

async fn start() -> TestServer {
    TestServer::start(SettingsArgs::default()).await
}

#[tokio::test]
async fn healthz_answers_200() {
    let server = start().await;
    let response = server
        .http
        .get(server.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn pages_are_server_rendered_and_link_their_scripts_not_echarts() {
    let server = start().await;
    let (status, html) = server.get("/overview").await;
    assert_eq!(status, 200, "{html}");
    // Every page names the build serving it.
    let footer = format!(
        "Runboard {} · commit <code>{}</code>",
        env!("CARGO_PKG_VERSION"),
        server::COMMIT
    );
    assert!(html.contains(&footer), "{html}");
    assert!(
        html.contains("<title>Overview · Runboard</title>"),
        "{html}"
    );
    assert!(
        html.contains("/pkg/runboard.js"),
        "hydration script is linked"
    );
    // The charts fetch ECharts themselves once hydrated; the shell does not make every
    // page pay for it.
    assert!(
        !html.contains("/vendor/echarts"),
        "ECharts is not in the shell"
    );
}

#[tokio::test]
async fn unknown_pages_are_404() {
    let server = start().await;
    for path in ["/no/such/page", "/trace", "/workloads/x/y?metric=power"] {
        let (status, html) = server.get(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(html.contains("Page not found"), "{path}: {html}");
    }
}

#[tokio::test]
async fn bad_server_function_arguments_are_400_naming_the_argument() {
    let server = start().await;
    let response = server
        .http
        .post(server.url("/api/ledger"))
        .form(&[("window", "bogus"), ("group", "project")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body = response.text().await.unwrap();
    assert!(body.contains("bogus"), "{body}");
}

#[tokio::test]
async fn with_no_upstream_configured_the_embedded_simulator_answers() {
    let server = start().await;
    let response = server
        .http
        .post(server.url("/api/identity"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let identity: app::components::Identity = response.json().await.unwrap();
    assert!(identity.demo);
    assert!(
        identity.upstream_url.starts_with("http://127.0.0.1:"),
        "{identity:?}"
    );
    // The header names it in people's words, with its address for whoever hovers.
    let (_, html) = server.get("/workloads").await;
    assert!(html.contains("demo simulator"), "{html}");
    assert!(
        html.contains(&format!("title=\"{}\"", identity.upstream_url)),
        "{html}"
    );
}

#[tokio::test]
async fn readyz_says_whether_the_upstream_and_the_session_store_answer() {
    let server = start().await;
    let signed_out = crate::common::browser();
    let response = signed_out.get(server.url("/readyz")).send().await.unwrap();
    assert_eq!(response.status(), 200, "public, like /healthz");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({"upstream": "ok", "sessions": "ok"})
    );

    // A control plane that is not there: the process is alive but not ready.
    let gone = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", gone.local_addr().unwrap());
    drop(gone);
    let down = TestServer::start_signed_out(SettingsArgs {
        runai: server::config::RunaiArgs {
            url: Some(url.clone()),
            ..Default::default()
        },
        ..Default::default()
    })
    .await;
    assert_eq!(down.get("/healthz").await.0, 200);
    let response = down.http.get(down.url("/readyz")).send().await.unwrap();
    assert_eq!(response.status(), 503);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["sessions"], "ok");
    let upstream = body["upstream"].as_str().unwrap();
    assert!(upstream.starts_with("cannot reach Run:ai"), "{upstream}");
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413_before_any_work() {
    let server = start().await;
    let huge = "x".repeat(server::http::MAX_BODY_BYTES + 1);
    for path in ["/api/workloads_page", "/login"] {
        let response = server
            .http
            .post(server.url(path))
            .form(&[("query", huge.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 413, "{path}");
    }
    let response = server
        .http
        .post(server.url("/api/workloads_page"))
        .form(&[("query", "limit=1")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "ordinary bodies pass");
}

/// Every server finds the app's routes by running the app once with resource loading
/// switched off process-wide; a page being served by another server in the same process
/// at that moment would wait forever for its data, were the routes not found once. Here
/// one server renders a page
/// with data over and over while thirty more start beside it: every page finishes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servers_starting_beside_a_busy_one_never_stall_its_pages() {
    use std::sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    };
    let busy = Arc::new(start().await);
    let starting = Arc::new(AtomicBool::new(true));
    let pages = {
        let (busy, starting) = (busy.clone(), starting.clone());
        tokio::spawn(async move {
            let mut rendered = 0;
            while starting.load(Ordering::SeqCst) || rendered < 10 {
                // The body is read to its end; a stalled page fails here when the
                // client's 60 s timeout passes.
                let (status, html) = busy.get("/overview").await;
                assert_eq!(status, 200);
                assert!(
                    html.contains("<title>Overview · Runboard</title>"),
                    "{html}"
                );
                rendered += 1;
            }
            rendered
        })
    };
    for _ in 0..30 {
        let _beside = start().await;
    }
    starting.store(false, Ordering::SeqCst);
    assert!(pages.await.unwrap() >= 10);
}
