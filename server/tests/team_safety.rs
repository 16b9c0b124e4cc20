//! Safe to run for a team: sign-in throttling that holds under parallel guesses and
//! never locks a person out from another address, bounded sessions, the `Host` check,
//! `no-store` on what is one person's view, the `__Host-` cookie, and a whole-request
//! timeout that answers with a message.

mod common;

use common::{Sim, TestServer, browser, proxy::recording_proxy};
use server::{
    config::{ExposureArgs, SettingsArgs, ops::OpsArgs},
    sim::SimSettings,
};

/// The dashboard in user mode in front of `runai_url`, believing `X-Forwarded-For`
/// from the test client (127.0.0.1 plays the team's TLS proxy).
async fn behind_proxy(runai_url: String) -> TestServer {
    TestServer::start_signed_out(SettingsArgs {
        runai_url: Some(runai_url),
        exposure: ExposureArgs {
            trusted_proxies: Some("127.0.0.1".to_owned()),
            ..Default::default()
        },
        ..Default::default()
    })
    .await
}

/// POSTs an access key to `/login` as a client at `address`; the status.
async fn sign_in_from(server: &TestServer, address: &str, id: &str, secret: &str) -> u16 {
    browser()
        .post(server.url("/login"))
        .header("x-forwarded-for", address)
        .form(&[("client_id", id), ("client_secret", secret)])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_parallel_guesses_reach_run_ai_at_most_five_times() {
    // Every token request takes a second: all sixty guesses are in flight together.
    let mut settings = common::admin_known();
    settings.faults.latency_ms = 1_000;
    let sim = Sim::start_with(settings).await;
    let (proxy, calls) = recording_proxy(sim.url.clone()).await;
    let server = behind_proxy(proxy).await;

    let mut guesses = tokio::task::JoinSet::new();
    for n in 0..60 {
        let http = browser();
        let url = server.url("/login");
        guesses.spawn(async move {
            let response = http
                .post(url)
                .header("x-forwarded-for", "198.51.100.7")
                .form(&[
                    ("client_id", "alice".to_owned()),
                    ("client_secret", format!("guess-{n}")),
                ])
                .send()
                .await
                .unwrap();
            (
                response.status().as_u16(),
                response.headers().contains_key("retry-after"),
            )
        });
    }
    let mut statuses = Vec::new();
    while let Some(answer) = guesses.join_next().await {
        statuses.push(answer.unwrap());
    }
    let token_calls = calls
        .lock()
        .unwrap()
        .iter()
        .filter(|call| call.path == "/api/v1/token")
        .count();
    assert!(token_calls <= 5, "{token_calls} guesses reached Run:ai");
    let refused = statuses
        .iter()
        .filter(|(s, retry)| *s == 429 && *retry)
        .count();
    let wrong = statuses.iter().filter(|(s, _)| *s == 401).count();
    assert_eq!((wrong, refused), (5, 55), "{statuses:?}");

    // The guesser's address stays refused, even with the right secret…
    assert_eq!(
        sign_in_from(&server, "198.51.100.7", "alice", "alice").await,
        429
    );
    // …while alice, from her own address, signs in at once.
    assert_eq!(
        sign_in_from(&server, "203.0.113.20", "alice", "alice").await,
        303
    );
}

/// The resident memory of this test process, in bytes.
fn rss_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib * 1024
}

/// The stated bound: 50,000 sign-ins may grow this process by at most this much (the
/// capped store holds 20,000 sessions of well under 1 KiB each; 38 MiB measured, see
/// BENCHMARKS.md).
const RSS_GROWTH_BOUND: u64 = 96 << 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_thousand_demo_sign_ins_leave_memory_and_sessions_bounded() {
    const SIGN_INS: usize = 50_000;
    const CAP: u64 = 20_000;
    let metrics_port = common::process::free_port().await;
    let server = TestServer::start_signed_out(SettingsArgs {
        ops: OpsArgs {
            metrics_addr: Some(format!("127.0.0.1:{metrics_port}").parse().unwrap()),
            ..Default::default()
        },
        exposure: ExposureArgs {
            session_max_live: Some(CAP),
            ..Default::default()
        },
        ..Default::default()
    })
    .await;
    // Warm up (the first sign-in builds the token and read caches), then measure.
    assert_eq!(
        server
            .post_form("/login", &[("demo", "runboard-admin")])
            .await
            .0,
        303
    );
    let before = rss_bytes();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut workers = tokio::task::JoinSet::new();
    for worker in 0..16 {
        let (http, url) = (http.clone(), server.url("/login"));
        workers.spawn(async move {
            let mut cookies = Vec::new();
            for n in (worker..SIGN_INS).step_by(16) {
                let response = http
                    .post(&url)
                    .header("sec-fetch-site", "same-origin")
                    .form(&[("demo", "runboard-admin")])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 303, "sign-in {n}");
                if !(16..SIGN_INS - 16).contains(&n) {
                    let cookie = response.headers()["set-cookie"].to_str().unwrap();
                    cookies.push((n, cookie.split(';').next().unwrap().to_owned()));
                }
            }
            cookies
        });
    }
    let mut cookies = Vec::new();
    while let Some(done) = workers.join_next().await {
        cookies.extend(done.unwrap());
    }
    let grown = rss_bytes().saturating_sub(before);
    println!("RSS grew by {} MiB over {SIGN_INS} sign-ins", grown >> 20);
    assert!(grown <= RSS_GROWTH_BOUND, "RSS grew by {} MiB", grown >> 20);
    let metrics = common::metrics_text(metrics_port).await;
    let live: f64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("runboard_sessions_in_memory "))
        .expect("the session gauge")
        .parse()
        .unwrap();
    assert!(live <= CAP as f64, "{live} sessions kept");
    // The newest sessions are live; the first ones were let go to make room.
    let signed_in = |cookie: String| {
        let http = http.clone();
        let url = server.url("/workloads");
        async move {
            let response = http.get(url).header("cookie", cookie).send().await.unwrap();
            response.status() == 200
        }
    };
    cookies.sort();
    let (first, last) = (cookies[0].1.clone(), cookies.last().unwrap().1.clone());
    assert!(signed_in(last).await, "the newest session is live");
    assert!(!signed_in(first).await, "the oldest session was evicted");
}

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
async fn a_secure_session_cookie_carries_the_host_prefix() {
    let server = TestServer::start_signed_out(SettingsArgs {
        secure_cookies: Some(true),
        ..Default::default()
    })
    .await;
    let response = server
        .http
        .post(server.url("/login"))
        .header("sec-fetch-site", "same-origin")
        .form(&[("demo", "runboard-admin")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("__Host-runboard_session="), "{cookie}");
    for attribute in ["Secure", "HttpOnly", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
}

#[tokio::test]
async fn a_request_past_the_whole_request_timeout_is_told_so() {
    // Every Run:ai answer takes 30 s; the client would wait for it, the dashboard not.
    let sim = Sim::start_with(SimSettings {
        faults: server::sim::faults::Faults {
            latency_ms: 30_000,
            ..Default::default()
        },
        ..common::admin_known()
    })
    .await;
    let server = TestServer::start_signed_out(SettingsArgs {
        runai_url: Some(sim.url.clone()),
        runai_timeout_secs: Some(60),
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
    use common::process::{Process, runboard};
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
