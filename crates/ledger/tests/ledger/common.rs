//! Stores for the tests: a fresh SQLite file, or a fresh database on the test command's
//! PostgreSQL server (`RUNBOARD_TEST_POSTGRES_URL`, set by `scripts/test.sh`).

use ledger::store::{Store, WorkloadFacts};

/// What workload `id` of project `project` in node pool `pool` is filed under.
pub fn facts(id: &str, project: &str, pool: &str) -> WorkloadFacts {
    WorkloadFacts {
        id: id.into(),
        name: format!("{id}-name"),
        cluster_id: "c".into(),
        project_id: project.into(),
        project_name: format!("p{project}"),
        department_id: "1".into(),
        department_name: "research".into(),
        submitted_by: "ada@x".into(),
        nodepool: pool.into(),
    }
}

/// A new SQLite ledger in its own directory.
pub async fn sqlite() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(&dir.path().join("data")).await.unwrap();
    (store, dir)
}

/// The URL of a new, empty database on the test PostgreSQL server.
pub async fn postgres_url() -> String {
    let server = std::env::var("RUNBOARD_TEST_POSTGRES_URL").expect(
        "RUNBOARD_TEST_POSTGRES_URL names the test PostgreSQL server: run the tests \
         through scripts/test.sh, which starts one (scripts/postgres.sh)",
    );
    Store::new_postgres_database(&server, "ledger")
        .await
        .unwrap()
}

/// A new PostgreSQL ledger.
pub async fn postgres() -> Store {
    Store::open(&postgres_url().await).await.unwrap()
}

/// Two tests of one scenario (an `async fn(Store)`): on a new SQLite ledger, and on a new
/// PostgreSQL one.
macro_rules! on_both_databases {
    ($on_sqlite:ident, $on_postgres:ident, $scenario:path) => {
        #[tokio::test]
        async fn $on_sqlite() {
            let (store, _dir) = $crate::common::sqlite().await;
            $scenario(store).await;
        }

        #[tokio::test]
        async fn $on_postgres() {
            $scenario($crate::common::postgres().await).await;
        }
    };
}
pub(crate) use on_both_databases;

/// A pass-through to the simulator that records every call and can play an outage.
pub struct Proxy {
    pub url: String,
    state: std::sync::Arc<ProxyState>,
}

#[derive(Default)]
struct ProxyState {
    calls: std::sync::Mutex<Vec<String>>,
    /// Calls answered before the outage begins (`None`: no outage).
    fail_after: std::sync::Mutex<Option<usize>>,
    /// Calls whose path and query contain the text get the status instead.
    refused: std::sync::Mutex<Vec<(String, u16)>>,
}

impl Proxy {
    /// A proxy in front of `upstream`.
    pub async fn start(upstream: String) -> Self {
        use axum::{
            body::Bytes,
            extract::{OriginalUri, State},
            http::{HeaderMap, StatusCode},
            response::IntoResponse,
        };
        let state = std::sync::Arc::new(ProxyState::default());
        let client = reqwest::Client::new();
        let forward = move |State(state): State<std::sync::Arc<ProxyState>>,
                            method: axum::http::Method,
                            OriginalUri(uri): OriginalUri,
                            headers: HeaderMap,
                            body: Bytes| {
            let client = client.clone();
            let upstream = upstream.clone();
            async move {
                let target = uri.path_and_query().map_or("/", |p| p.as_str()).to_owned();
                let counted = {
                    let mut calls = state.calls.lock().unwrap();
                    if target.starts_with("/api/v1/workloads") {
                        calls.push(target.clone());
                    }
                    calls.len()
                };
                if target.starts_with("/api/v1/workloads")
                    && state
                        .fail_after
                        .lock()
                        .unwrap()
                        .is_some_and(|n| counted > n)
                {
                    return (StatusCode::SERVICE_UNAVAILABLE, "down for a drill").into_response();
                }
                let refused = state
                    .refused
                    .lock()
                    .unwrap()
                    .iter()
                    .find_map(|(text, status)| target.contains(text.as_str()).then_some(*status));
                if let Some(status) = refused {
                    let body = format!(r#"{{"code":{status},"message":"refused for a drill"}}"#);
                    let status = StatusCode::from_u16(status).unwrap();
                    return (status, [("content-type", "application/json")], body).into_response();
                }
                let mut request = client
                    .request(method, format!("{upstream}{target}"))
                    .body(body);
                for (name, value) in &headers {
                    if name != "host" {
                        request = request.header(name, value);
                    }
                }
                let answer = request.send().await.unwrap();
                let status = StatusCode::from_u16(answer.status().as_u16()).unwrap();
                let mut out = HeaderMap::new();
                if let Some(kind) = answer.headers().get("content-type") {
                    out.insert("content-type", kind.clone());
                }
                (status, out, answer.bytes().await.unwrap()).into_response()
            }
        };
        let app = axum::Router::new()
            .fallback(forward)
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { url, state }
    }

    /// The workloads API calls so far (path and query).
    pub fn calls(&self) -> Vec<String> {
        self.state.calls.lock().unwrap().clone()
    }

    /// From the `n`-th workloads call on, answers 503 until [`Proxy::heal`].
    pub fn fail_after(&self, n: usize) {
        *self.state.fail_after.lock().unwrap() = Some(n);
    }

    pub fn heal(&self) {
        *self.state.fail_after.lock().unwrap() = None;
        self.state.refused.lock().unwrap().clear();
    }

    /// Answers `status` to every workloads call whose path and query contain `text`.
    pub fn refuse(&self, text: &str, status: u16) {
        let mut refused = self.state.refused.lock().unwrap();
        refused.push((text.to_owned(), status));
    }
}
