//! The real `runboard` binary as separate processes: two replicas sharing sessions in a
//! real `redis-server`, and a grep of every response and log line for secrets.
//!
//! `redis-server` (Debian package) must be on PATH; `scripts/test.sh` installs it.

mod common;

use std::{
    process::Stdio,
    sync::{Arc, Mutex},
    time::Duration,
};

use common::browser;
use tokio::{
    io::{AsyncBufReadExt, AsyncRead, BufReader},
    process::{Child, Command},
};

const SESSION_KEY: &str = "replicas-share-this-session-key-0123456789";
const ADMIN_SECRET: &str = "Adm1n-s3cret-that-must-never-leak";

/// A child process whose output is collected, killed when dropped.
struct Process {
    child: Child,
    output: Arc<Mutex<String>>,
}

impl Process {
    /// Starts `program` and waits until a line of its output contains `ready`; returns
    /// the process and that line.
    async fn start(
        program: &str,
        args: &[&str],
        env: &[(&str, &str)],
        ready: &str,
    ) -> (Self, String) {
        let mut child = Command::new(program)
            .args(args)
            .envs(env.iter().copied())
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|err| panic!("cannot start {program}: {err}"));
        let output = Arc::new(Mutex::new(String::new()));
        collect(child.stdout.take().unwrap(), output.clone());
        collect(child.stderr.take().unwrap(), output.clone());
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        loop {
            let found = output
                .lock()
                .unwrap()
                .lines()
                .find(|l| l.contains(ready))
                .map(str::to_owned);
            if let Some(line) = found {
                return (Self { child, output }, line);
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("{program} exited with {status}: {}", output.lock().unwrap());
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{program} never said {ready:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn log(&self) -> String {
        self.output.lock().unwrap().clone()
    }
}

fn collect(stream: impl AsyncRead + Unpin + Send + 'static, into: Arc<Mutex<String>>) {
    tokio::spawn(async move {
        let mut lines = BufReader::new(stream).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            let mut all = into.lock().unwrap();
            all.push_str(&line);
            all.push('\n');
        }
    });
}

/// The `http://127.0.0.1:port` in a log line.
fn url_in(line: &str) -> String {
    let start = line.find("http://127.0.0.1:").expect("a loopback URL");
    line[start..]
        .split(|c: char| !(c.is_ascii_alphanumeric() || ":/.".contains(c)))
        .next()
        .unwrap()
        .to_owned()
}

fn runboard() -> &'static str {
    env!("CARGO_BIN_EXE_runboard")
}

/// `runboard sim` on a free port with a configured admin secret.
async fn simulator() -> (Process, String) {
    let (process, line) = Process::start(
        runboard(),
        &[
            "sim",
            "--addr",
            "127.0.0.1:0",
            "--sim-admin-client-secret",
            ADMIN_SECRET,
        ],
        &[("RUNBOARD_LOG", "info")],
        "Run:ai simulator at",
    )
    .await;
    (process, url_in(&line))
}

/// A dashboard process; `env` on top of debug logging and a free port.
async fn dashboard(env: &[(&str, &str)]) -> (Process, String) {
    let mut all = vec![("RUNBOARD_ADDR", "127.0.0.1:0"), ("RUNBOARD_LOG", "debug")];
    all.extend_from_slice(env);
    let (process, line) = Process::start(runboard(), &[], &all, "Runboard listening on").await;
    (process, url_in(&line))
}

async fn free_port() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

async fn sign_in(http: &reqwest::Client, base: &str, id: &str, secret: &str) {
    let response = http
        .post(format!("{base}/login"))
        .header("accept", "text/html")
        .form(&[
            ("client_id", id),
            ("client_secret", secret),
            ("next", "/overview"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/overview");
}

async fn status_of(http: &reqwest::Client, url: String) -> u16 {
    http.get(url).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn two_replicas_on_one_redis_share_sessions_and_survive_one_dying() {
    let port = free_port().await;
    let port_text = port.to_string();
    let (redis, _) = Process::start(
        "redis-server",
        &[
            "--port",
            &port_text,
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        &[],
        "Ready to accept connections",
    )
    .await;
    let redis_url = format!("redis://127.0.0.1:{port}/0");
    let (_sim, sim_url) = simulator().await;
    let env = [
        ("RUNAI_URL", sim_url.as_str()),
        ("RUNBOARD_SESSION_REDIS_URL", redis_url.as_str()),
        ("RUNBOARD_SESSION_KEY", SESSION_KEY),
    ];
    let (mut first, first_url) = dashboard(&env).await;
    let (second, second_url) = dashboard(&env).await;

    let http = browser();
    sign_in(&http, &first_url, "runboard-admin", ADMIN_SECRET).await;
    // The cookie jar sends the one session cookie to both replicas (same host).
    let (status, html) = {
        let response = http
            .get(format!("{second_url}/workloads"))
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    };
    assert_eq!(status, 200, "the second replica knows the session");
    assert!(html.contains("<strong>runboard-admin</strong>"));

    first.child.kill().await.unwrap();
    for path in ["/overview", "/workloads?limit=20", "/trace"] {
        assert_eq!(
            status_of(&http, format!("{second_url}{path}")).await,
            200,
            "{path} with the first replica gone: no sign-in asked"
        );
    }
    let response = http
        .post(format!("{second_url}/api/workloads_page"))
        .form(&[("query", "limit=3")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    // What Redis holds is the sealed key, never the secret itself.
    let dump = Command::new("redis-cli")
        .args(["-p", &port_text, "--scan"])
        .output()
        .await
        .expect("redis-cli (from the redis-tools package)");
    let keys = String::from_utf8_lossy(&dump.stdout).to_string();
    assert!(!keys.trim().is_empty(), "a session is stored in Redis");
    for key in keys.lines() {
        let value = Command::new("redis-cli")
            .args(["-p", &port_text, "GET", key])
            .output()
            .await
            .unwrap();
        let value = String::from_utf8_lossy(&value.stdout);
        assert!(
            !value.contains(ADMIN_SECRET),
            "the stored session is sealed"
        );
    }

    // Signing out on the survivor ends the session everywhere.
    let response = http
        .post(format!("{second_url}/logout"))
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(
        status_of(&http, format!("{second_url}/overview")).await,
        303
    );
    assert!(!second.log().contains(ADMIN_SECRET));
    drop(redis);
}

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
    let page: app::pages::workloads::data::WorkloadsPage = workloads.json().await.unwrap();
    let id = page.rows[0].id.clone();
    for path in [
        "/workloads".to_owned(),
        "/overview".to_owned(),
        "/trace".to_owned(),
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
        ("cluster_summary", vec![]),
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
