//! The fault drills' harness: a simulator at the real time, a dashboard in user mode
//! in front of it (Run:ai timeout 1 s, circuit pause 1 s), and the visit of every page
//! and server function the drills judge.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use server::config::{SettingsArgs, ops::OpsArgs};

use super::{Sim, TestServer};

/// Each Run:ai attempt may take 1 s; three attempts with backoff stay under this.
const BOUND: Duration = Duration::from_secs(6);

pub struct Drill {
    pub sim: Sim,
    /// The simulator admin's token, kept: the token service may be the thing down.
    admin: std::sync::Mutex<String>,
    pub dashboard: TestServer,
    pub workload: String,
}

impl Drill {
    pub async fn start() -> Self {
        // On a whole ten seconds: the 503-burst drill starts inside a burst.
        let sim = Sim::start_at_real_time().await;
        let dashboard = TestServer::start_signed_out(SettingsArgs {
            runai: server::config::RunaiArgs {
                url: Some(sim.url.clone()),
                timeout_secs: Some(1),
                ..Default::default()
            },
            ops: OpsArgs {
                runai_circuit_open_secs: Some(1),
                // Every visit asks Run:ai (the read cache is tested on its own).
                runai_cache_ms: Some(0),
                ..Default::default()
            },
            ..Default::default()
        })
        .await;
        assert_eq!(
            dashboard
                .sign_in_key("runboard-admin", "runboard-admin")
                .await,
            303
        );
        let workload = dashboard.rows("limit=1").await.rows[0].id.to_string();
        let admin = std::sync::Mutex::new(sim.admin().await);
        let drill = Self {
            sim,
            admin,
            dashboard,
            workload,
        };
        drill.all_answer().await;
        drill
    }

    pub async fn set_faults(&self, faults: Value) {
        let token = self.admin.lock().unwrap().clone();
        let response = self
            .sim
            .http
            .put(format!("{}/api/v1/sim/faults", self.sim.url))
            .bearer_auth(token)
            .json(&faults)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }

    /// Revokes every token (the dashboard's and then the drill's own, which it renews).
    pub async fn expire_tokens(&self) {
        let token = self.admin.lock().unwrap().clone();
        let response = self
            .sim
            .http
            .post(format!("{}/api/v1/sim/faults/expire-tokens", self.sim.url))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 204);
        // Tokens carry whole seconds and this clock stands still: move past the
        // revocation so fresh tokens are valid.
        self.sim.clock.advance(2_000);
        *self.admin.lock().unwrap() = self.sim.admin().await;
    }

    /// The pages and server functions of the table, the workload page and the
    /// overview: `(what, status, body, how long it took)`.
    pub async fn visit(&self) -> Vec<(String, u16, String, Duration)> {
        let id = self.workload.as_str();
        let pages = [
            "/workloads?sortBy=name".to_owned(),
            format!("/workloads/{id}?range=1h"),
            "/overview".to_owned(),
        ];
        let mut seen = Vec::new();
        for page in pages {
            let started = Instant::now();
            let (status, body) = within_limit(&page, self.dashboard.get(&page)).await;
            seen.push((page, status, body, started.elapsed()));
        }
        let calls: [(&str, Vec<(&str, &str)>); 5] = [
            ("workloads_page", vec![("query", "sortBy=name")]),
            ("workload", vec![("id", id)]),
            (
                "workload_metrics",
                vec![
                    ("id", id),
                    ("range", "range=1h"),
                    ("samples", "60"),
                    ("inference", "false"),
                ],
            ),
            ("overview_tiles", vec![]),
            (
                "telemetry",
                vec![("query", "telemetryType=WORKLOADS_COUNT")],
            ),
        ];
        for (name, args) in calls {
            let started = Instant::now();
            let (status, body) = within_limit(name, async {
                let response = self.dashboard.call(name, &args).await;
                (response.status().as_u16(), response.text().await.unwrap())
            })
            .await;
            seen.push((format!("/api/{name}"), status, body, started.elapsed()));
        }
        seen
    }

    pub async fn all_answer(&self) {
        for (what, status, body, _) in self.visit().await {
            assert_eq!(status, 200, "{what}: {}", excerpt(&body));
            assert!(!failed(&body), "{what}: {}", excerpt(&body));
        }
    }

    /// Under a fault: in time, with one of `expected` in its message; pages answer 200
    /// (they rendered, with the explanation), server functions a gateway error (never a
    /// bare 500).
    pub async fn assert_explained(&self, expected: &[&str]) {
        for (what, status, body, took) in self.visit().await {
            let page = !what.starts_with("/api/");
            let fitting = if page {
                status == 200
            } else {
                matches!(status, 502..=504)
            };
            assert!(fitting, "{what} answered {status}: {}", excerpt(&body));
            assert!(took < BOUND, "{what} took {took:?}");
            assert!(
                expected.iter().any(|e| body.contains(e)),
                "{what} ({status}) does not say {expected:?}: {}",
                excerpt(&body)
            );
            if page {
                assert!(
                    body.contains("Retrying automatically every 5 s"),
                    "{what} says when it retries"
                );
            }
            if what.starts_with("/workloads?") {
                // What the table's island reads when a refresh fails: it keeps the rows
                // on screen and marks them stale with this message.
                assert!(
                    body.contains(r#"id="results" data-error="upstream"#)
                        && body.contains("data-error-message=\""),
                    "{what}: the results element carries the error"
                );
            }
        }
    }

    /// After the fault clears, everything answers again within a few seconds (the
    /// circuit's pause is 1 s here), with no restart.
    pub async fn assert_recovers(&self) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let visit = self.visit().await;
            if visit
                .iter()
                .all(|(_, status, body, _)| *status == 200 && !failed(body))
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "still failing: {:?}",
                visit
                    .iter()
                    .map(|(w, s, b, _)| (w.clone(), *s, excerpt(b)))
                    .collect::<Vec<_>>()
            );
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    }

    pub async fn fault_drill(&self, faults: Value, expected: &[&str]) {
        self.set_faults(faults).await;
        self.assert_explained(expected).await;
        self.set_faults(json!({})).await;
        self.assert_recovers().await;
    }
}

/// A hung request fails the drill (with its name) instead of hanging the suite.
async fn within_limit<T>(what: &str, request: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(30), request)
        .await
        .unwrap_or_else(|_| panic!("{what} hung for 30 s"))
}

/// Whether a page shows a failed load.
fn failed(body: &str) -> bool {
    body.contains("class=\"error\"") || body.contains("class=\"stale\"")
}

/// The part of a page worth printing: the error, or the start.
fn excerpt(body: &str) -> String {
    match body.find("class=\"error\"") {
        Some(at) => body[at..].chars().take(300).collect(),
        None => body.chars().take(300).collect(),
    }
}
