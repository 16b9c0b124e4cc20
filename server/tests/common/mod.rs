//! Shared by the integration tests: a simulator on a free loopback port with a clock
//! the test moves ([`Sim`]), the dashboard in-process on port 0 with a browser-like
//! client ([`TestServer`]), and the real binaries as child processes ([`process`]).
#![allow(dead_code)]

pub mod drill;
pub mod malformed;
pub mod process;
pub mod proxy;

use std::sync::Arc;

use serde_json::Value;
use server::sim::{ManualClock, SimSettings, Simulator};

/// 2026-11-27T08:00:00Z: every test starts the cluster at the same instant.
pub const START_MS: i64 = 1_795_766_400_000;

pub struct Sim {
    pub url: String,
    pub clock: Arc<ManualClock>,
    pub sim: Arc<Simulator>,
    pub http: reqwest::Client,
}

impl Sim {
    /// A simulator whose admin secret is configured as `runboard-admin` (a random
    /// one is drawn when none is configured).
    pub async fn start() -> Self {
        Self::start_with(admin_known()).await
    }

    pub async fn start_with(settings: SimSettings) -> Self {
        let clock = ManualClock::new(START_MS);
        let sim = Simulator::new(&settings, clock.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = server::sim::spawn(sim.clone(), listener).unwrap();
        Self {
            url: format!("http://{addr}"),
            clock,
            sim,
            http: reqwest::Client::new(),
        }
    }

    /// A simulator whose clock stands at the real time (on a whole ten seconds), for
    /// tests through the dashboard: its client compares tokens' `exp` with the real
    /// clock, so only then do tokens last their hour and get reused.
    pub async fn start_at_real_time() -> Self {
        let sim = Self::start().await;
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        sim.clock.advance(now_ms / 10_000 * 10_000 - START_MS);
        sim
    }

    /// A v1 access token for an access key.
    pub async fn token(&self, client_id: &str, secret: &str) -> String {
        let body = serde_json::json!({"grantType": "client_credentials", "clientId": client_id, "clientSecret": secret});
        let response = self
            .http
            .post(format!("{}/api/v1/token", self.url))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "token for {client_id}");
        let json: Value = response.json().await.unwrap();
        json["accessToken"].as_str().unwrap().to_owned()
    }

    /// An access token for the admin key, whatever its secret (configured or random).
    pub async fn admin(&self) -> String {
        match self.sim.admin_credentials() {
            app::runai::client::Credentials::AccessKey {
                client_id,
                client_secret,
            } => self.token(&client_id, client_secret.expose()).await,
            other => panic!("the admin holds an access key, not {other:?}"),
        }
    }

    /// GET `path` (with its query) as `token`; the status and the JSON body.
    pub async fn get(&self, token: &str, path: &str) -> (u16, Value) {
        let response = self
            .http
            .get(format!("{}{path}", self.url))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// GET that must succeed.
    pub async fn ok(&self, token: &str, path: &str) -> Value {
        let (status, body) = self.get(token, path).await;
        assert_eq!(status, 200, "{path}: {body}");
        body
    }

    /// Every workload of a list query, walking the pages with `next`.
    pub async fn all(&self, token: &str, query: &str) -> Vec<Value> {
        let mut rows = Vec::new();
        let mut offset = 0;
        loop {
            let page = self
                .ok(
                    token,
                    &format!("/api/v1/workloads?{query}&limit=500&offset={offset}"),
                )
                .await;
            rows.extend(page["workloads"].as_array().unwrap().iter().cloned());
            match page["next"].as_i64() {
                Some(next) => offset = next,
                None => return rows,
            }
        }
    }
}

/// Simulator settings with the admin secret configured as `runboard-admin`.
pub fn admin_known() -> SimSettings {
    SimSettings {
        admin_client_secret: Some(app::runai::Secret::new("runboard-admin")),
        ..SimSettings::default()
    }
}

/// A running dashboard server (on port 0) that stops when dropped, and a browser-like
/// client for it: it keeps the session cookie and does not follow redirects, so tests
/// see every 303.
pub struct TestServer {
    pub base: String,
    pub http: reqwest::Client,
    _stop: tokio::sync::oneshot::Sender<()>,
}

/// The text of the Prometheus endpoint on `port`.
pub async fn metrics_text(port: u16) -> String {
    reqwest::get(format!("http://127.0.0.1:{port}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// A client with its own cookie jar that shows redirects instead of following them.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        // A request that hangs fails its test instead of stalling the suite.
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap()
}

impl TestServer {
    /// The dashboard with `args` (its embedded simulator when no `runai_url`), signed in
    /// as the simulator's admin when in demo mode.
    pub async fn start(args: server::config::SettingsArgs) -> Self {
        let server = Self::start_signed_out(args).await;
        let options = server.sign_in_options().await;
        if options.mode == "demo" {
            let (status, _) = server
                .post_form("/login", &[("demo", "runboard-admin")])
                .await;
            assert_eq!(status, 303, "demo sign-in redirects");
        }
        server
    }

    /// The dashboard with `args`, nobody signed in.
    pub async fn start_signed_out(args: server::config::SettingsArgs) -> Self {
        use server::config::{FileConfig, Settings, SettingsArgs};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let args = SettingsArgs {
            addr: Some(addr),
            ..args
        };
        let mut settings = Settings::from_layers(args, FileConfig::default(), || {
            std::path::PathBuf::from("../target/site")
        })
        .unwrap();
        // The embedded simulator's admin key as an operator would configure it, so
        // tests can also sign in with it by key.
        settings.sim = admin_known();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let served = server::serve(listener, settings, async move {
                let _ = stopped.await;
            });
            if let Err(err) = served.await {
                panic!("the test server stopped: {err}");
            }
        });
        Self {
            base: format!("http://{addr}"),
            http: browser(),
            _stop: stop,
        }
    }

    /// The absolute URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// What the sign-in page offers.
    pub async fn sign_in_options(&self) -> app::auth::SignInOptions {
        let response = self
            .http
            .post(self.url("/api/sign_in_options"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// Signs in with an access key; the status (303 when accepted).
    pub async fn sign_in_key(&self, id: &str, secret: &str) -> u16 {
        self.post_form("/login", &[("client_id", id), ("client_secret", secret)])
            .await
            .0
    }

    /// POST a form as a browser page would (same-origin); the status and body.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let response = self
            .http
            .post(self.url(path))
            .header("accept", "text/html")
            .header("sec-fetch-site", "same-origin")
            .form(form)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// GET `path`: the status and the body.
    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = self.http.get(self.url(path)).send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// Calls the server function `name` with form arguments, as a hydrated page does.
    pub async fn call(&self, name: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(self.url(&format!("/api/{name}")))
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// The table's server function for `query`.
    pub async fn rows(&self, query: &str) -> app::pages::workloads::data::WorkloadsPage {
        let response = self.call("workloads_page", &[("query", query)]).await;
        assert_eq!(response.status(), 200, "workloads_page({query})");
        response.json().await.unwrap()
    }
}
