//! A simulator for other crates' tests (feature `testing`): started on a free loopback
//! port at a fixed instant with a clock the test moves, and a plain HTTP client that
//! asks it what any Run:ai client would.

use std::sync::Arc;

use serde_json::Value;

use crate::{ManualClock, SimSettings, Simulator};

/// 2026-11-27T08:00:00Z: every test starts the cluster at the same instant.
pub const START_MS: i64 = 1_795_766_400_000;

/// A simulator on a free loopback port whose clock the test moves, and an HTTP client
/// for it.
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
        Self::start_at(settings, START_MS).await
    }

    /// A simulator whose cluster starts at the real time (on a whole ten seconds), as
    /// the dashboard's embedded one does: its queues stand as they do at start-up, and
    /// its tokens compare with the real clock (see [`Sim::start_at_real_time`]).
    pub async fn start_now_with(settings: SimSettings) -> Self {
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        Self::start_at(settings, now_ms / 10_000 * 10_000).await
    }

    async fn start_at(settings: SimSettings, start_ms: i64) -> Self {
        let clock = ManualClock::new(start_ms);
        let sim = Simulator::new(&settings, clock.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = crate::spawn(sim.clone(), listener).unwrap();
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
        Self::start_at_real_time_with(admin_known()).await
    }

    /// [`Sim::start_at_real_time`] with `settings`.
    pub async fn start_at_real_time_with(settings: SimSettings) -> Self {
        let sim = Self::start_with(settings).await;
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
            runai::client::Credentials::AccessKey {
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
        admin_client_secret: Some(runai::Secret::new("runboard-admin")),
        ..SimSettings::default()
    }
}
