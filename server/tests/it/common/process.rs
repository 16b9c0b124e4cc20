//! The real `runboard` binary (and `redis-server`) as child processes, for tests of
//! what only separate processes show: replicas, logs.

use std::{
    process::Stdio,
    sync::{Arc, Mutex},
    time::Duration,
};

use tokio::{
    io::{AsyncBufReadExt, AsyncRead, BufReader},
    process::{Child, Command},
};

/// The session key the replicas share.
pub const SESSION_KEY: &str = "replicas-share-this-session-key-0123456789";
/// The standalone simulator's admin secret, which must never leak.
pub const ADMIN_SECRET: &str = "Adm1n-s3cret-that-must-never-leak";

/// A child process whose output is collected, killed when dropped.
pub struct Process {
    pub child: Child,
    output: Arc<Mutex<String>>,
}

impl Process {
    /// Starts `program` and waits until a line of its output contains `ready`; returns
    /// the process and that line.
    pub async fn start(
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

    pub fn log(&self) -> String {
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
pub fn url_in(line: &str) -> String {
    let start = line.find("http://127.0.0.1:").expect("a loopback URL");
    line[start..]
        .split(|c: char| !(c.is_ascii_alphanumeric() || ":/.".contains(c)))
        .next()
        .unwrap()
        .to_owned()
}

pub fn runboard() -> &'static str {
    env!("CARGO_BIN_EXE_runboard")
}

/// `runboard sim` on a free port with a configured admin secret.
pub async fn simulator() -> (Process, String) {
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
pub async fn dashboard(env: &[(&str, &str)]) -> (Process, String) {
    let mut all = vec![("RUNBOARD_ADDR", "127.0.0.1:0"), ("RUNBOARD_LOG", "debug")];
    all.extend_from_slice(env);
    let (process, line) = Process::start(runboard(), &[], &all, "Runboard listening on").await;
    (process, url_in(&line))
}

/// A `redis-server` on `port` (loopback, in memory only), killed when dropped.
pub async fn redis_server(port: u16) -> Process {
    let port = port.to_string();
    let args = [
        "--port",
        &port,
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
    ];
    Process::start("redis-server", &args, &[], "Ready to accept connections")
        .await
        .0
}

/// The names the `redis-server` on `port` holds under `pattern`.
pub async fn names_in_redis(port: u16, pattern: &str) -> Vec<String> {
    let out = Command::new("redis-cli")
        .args(["-p", &port.to_string(), "--scan", "--pattern", pattern])
        .output()
        .await
        .expect("redis-cli (from the redis-tools package)");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

pub async fn free_port() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

pub async fn sign_in(http: &reqwest::Client, base: &str, id: &str, secret: &str) {
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

pub async fn status_of(http: &reqwest::Client, url: String) -> u16 {
    http.get(url).send().await.unwrap().status().as_u16()
}
