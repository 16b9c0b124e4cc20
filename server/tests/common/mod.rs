//! A simulator on a free loopback port with a clock the test moves, and a small HTTP
//! client for it.
#![allow(dead_code)]

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
    pub async fn start() -> Self {
        Self::start_with(SimSettings::default()).await
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

    pub async fn admin(&self) -> String {
        self.token("runboard-admin", "runboard-admin").await
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

/// A running dashboard server (on port 0) that stops when dropped.
pub struct TestServer {
    pub base: String,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl TestServer {
    /// The dashboard with `args` (its embedded simulator when no `runai_url`).
    pub async fn start(args: server::config::SettingsArgs) -> Self {
        use server::config::{FileConfig, Settings, SettingsArgs};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let args = SettingsArgs {
            addr: Some(addr),
            ..args
        };
        let settings = Settings::from_layers(args, FileConfig::default(), || {
            std::path::PathBuf::from("../target/site")
        })
        .unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(server::serve(listener, settings, async move {
            let _ = stopped.await;
        }));
        Self {
            base: format!("http://{addr}"),
            _stop: stop,
        }
    }

    /// GET `path`: the status and the body.
    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = reqwest::get(format!("{}{path}", self.base)).await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// The table's server function for `query`.
    pub async fn rows(&self, query: &str) -> app::pages::workloads::data::WorkloadsPage {
        let response = reqwest::Client::new()
            .post(format!("{}/api/workloads_page", self.base))
            .form(&[("query", query)])
            .send()
            .await
            .unwrap();
        response.json().await.unwrap()
    }
}
