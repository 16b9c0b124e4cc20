//! No client secret or access token in any response or log line: the real binary with
//! debug logging, a non-demo admin secret, and a grep of everything it says.

use crate::common::{
    browser,
    process::{ADMIN_SECRET, dashboard, sign_in, simulator},
};

/// Whether `text` holds something shaped like a JWT (`eyJ….eyJ…` or `eyJ…` with two dots).
fn has_jwt(text: &str) -> bool {
    text.match_indices("eyJ").any(|(at, _)| {
        let rest = &text[at..];
        let token: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c))
            .collect();
        token.matches('.').count() >= 2 && token.len() > 40
    })
}

#[test]
fn the_jwt_detector_finds_tokens_and_only_tokens() {
    assert!(has_jwt(
        "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz"
    ));
    assert!(!has_jwt("eyJhbGciOiJIUzI1NiJ9 alone"));
    assert!(!has_jwt("nothing here"));
}

#[tokio::test]
async fn no_secret_or_token_reaches_a_response_or_a_log_line() {
    let (sim, sim_url) = simulator().await;
    let (dashboard, base) = dashboard(&[("RUNAI_URL", sim_url.as_str())]).await;
    let http = browser();
    sign_in(&http, &base, "runboard-admin", ADMIN_SECRET).await;

    let mut seen = Vec::<(String, String)>::new();
    let record = |what: String, response: reqwest::Response| async move {
        let headers = format!("{:?}", response.headers());
        let body = String::from_utf8_lossy(&response.bytes().await.unwrap()).into_owned();
        (what, format!("{headers}\n{body}"))
    };
    let workloads = http
        .post(format!("{base}/api/workloads_page"))
        .form(&[("query", "limit=5")])
        .send()
        .await
        .unwrap();
    let page: app::pages::workloads::data::WorkloadsAnswer = workloads.json().await.unwrap();
    let id = page.rows[0].id.clone();
    for path in [
        "/workloads".to_owned(),
        "/overview".to_owned(),
        "/ledger".to_owned(),
        "/login".to_owned(),
        format!("/workloads/{id}"),
        "/export/workloads.csv?limit=5".to_owned(),
        "/pkg/runboard.js".to_owned(),
        "/pkg/runboard.wasm".to_owned(),
    ] {
        let response = http.get(format!("{base}{path}")).send().await.unwrap();
        seen.push(record(path, response).await);
    }
    for (function, form) in [
        ("workloads_page", vec![("query", "limit=50")]),
        ("identity", vec![]),
        ("ledger", vec![("window", "7d"), ("group", "project")]),
        ("overview_tiles", vec![]),
        ("sign_in_options", vec![]),
        ("workload", vec![("id", id.as_str())]),
        (
            "workload_metrics",
            vec![
                ("id", id.as_str()),
                ("range", "range=15m"),
                ("samples", "20"),
                ("inference", "false"),
            ],
        ),
    ] {
        let response = http
            .post(format!("{base}/api/{function}"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_success(),
            "{function}: {}",
            response.status()
        );
        seen.push(record(function.to_owned(), response).await);
    }
    for (what, text) in &seen {
        assert!(!text.contains(ADMIN_SECRET), "the client secret in {what}");
        assert!(!has_jwt(text), "a token in {what}");
    }
    let log = dashboard.log();
    assert!(log.contains("signed in"), "the log was captured: {log}");
    assert!(log.contains("Run:ai token request"), "debug logging was on");
    assert!(!log.contains(ADMIN_SECRET), "the client secret in the log");
    assert!(!has_jwt(&log), "a token in the log");
    assert!(!sim.log().contains(ADMIN_SECRET), "nor in the simulator's");
}

/// The body of the answer to `request`.
async fn body_of(request: reqwest::RequestBuilder) -> String {
    request.send().await.unwrap().text().await.unwrap()
}

/// The password inside `RUNAI_URL`, which must never be shown.
const URL_PASSWORD: &str = "Url-pa55word-never-shown";

#[tokio::test]
async fn credentials_in_the_upstream_url_and_typed_input_never_reach_a_page_or_a_log() {
    let (_sim, sim_url) = simulator().await;
    let with_credentials = sim_url.replace("http://", &format!("http://svc:{URL_PASSWORD}@"));
    let (dashboard, base) = dashboard(&[("RUNAI_URL", with_credentials.as_str())]).await;
    let http = browser();
    // Anonymous pages do not name the upstream at all.
    let login = body_of(http.get(format!("{base}/login"))).await;
    let port = sim_url.rsplit(':').next().unwrap();
    assert!(
        !login.contains(URL_PASSWORD) && !login.contains(port),
        "{login}"
    );
    let options = body_of(http.post(format!("{base}/api/sign_in_options"))).await;
    assert!(!options.contains(port), "{options}");
    let ready = body_of(http.get(format!("{base}/readyz"))).await;
    assert!(!ready.contains(URL_PASSWORD), "{ready}");

    // A typed value tries to forge a log line, and another is far too long.
    let forged = "alice\nFORGED 2026-11-30 INFO signed in principal=admin";
    let long = "L".repeat(5_000);
    // A value with a space and an `=` tries to add a field to the line.
    let field = "carol client=6.6.6.6";
    for id in [forged, long.as_str(), field] {
        let response = http
            .post(format!("{base}/login"))
            .form(&[("client_id", id), ("client_secret", "wrong")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401);
    }
    sign_in(&http, &base, "alice", "alice").await;
    let page = body_of(http.get(format!("{base}/overview"))).await;
    assert!(!page.contains(URL_PASSWORD), "a signed-in page");

    let log = dashboard.log();
    assert!(
        log.contains("sign-in refused"),
        "the log was captured: {log}"
    );
    assert!(
        !log.contains(URL_PASSWORD),
        "the URL's password in the log: {log}"
    );
    assert!(
        !log.lines().any(|line| line.starts_with("FORGED")),
        "a typed newline forged a log line: {log}"
    );
    assert!(
        log.contains("alice\\nFORGED"),
        "typed input is logged escaped"
    );
    assert!(
        !log.contains(&"L".repeat(65)),
        "typed input is cut to 64 characters"
    );
    assert!(
        log.contains("\"carol client=6.6.6.6\""),
        "typed input with a space or `=` is one quoted value: {log}"
    );
}

#[test]
fn help_never_prints_the_upstream_url_from_the_environment() {
    let output = std::process::Command::new(crate::common::process::runboard())
        .arg("--help")
        .env(
            "RUNAI_URL",
            format!("https://svc:{URL_PASSWORD}@runai.example"),
        )
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("RUNAI_URL"), "{help}");
    assert!(!help.contains(URL_PASSWORD), "{help}");
}
