//! Liveness and readiness for load balancers and orchestrators.
//!
//! - `GET /healthz`: the process serves requests.
//! - `GET /readyz`: it can do its job: the Run:ai control plane answers HTTP and the
//!   session store answers. 503 names what is missing. The answer is shared for
//!   [`FRESH_FOR`], and one check runs at a time, so a crowd of probes costs Run:ai at
//!   most one call per period; the call goes through the client's in-flight limit and
//!   circuit breaker like any other.

use std::time::Duration;

use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde_json::{Value, json};
use tokio::{sync::Mutex, time::Instant};

use super::AppState;

/// How long a readiness answer is reused.
pub const FRESH_FOR: Duration = Duration::from_secs(2);

/// The last readiness answer.
#[derive(Default)]
pub struct Readiness {
    last: Mutex<Option<(Instant, StatusCode, Value)>>,
}

/// Answers 200 while the process serves requests.
pub async fn healthz() -> &'static str {
    "ok"
}

/// 200 when the upstream and the session store both answer, else 503; the body says
/// which (`"ok"` or why not), never a URL or a secret.
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    // Held while checking: probes arriving meanwhile wait for this answer.
    let mut last = state.readiness.last.lock().await;
    if let Some((at, status, body)) = last.as_ref()
        && at.elapsed() < FRESH_FOR
    {
        return (*status, Json(body.clone()));
    }
    let (upstream, sessions) =
        tokio::join!(state.upstream.client.reachable(), state.sessions.ping());
    let upstream = match upstream {
        Ok(()) => "ok".to_owned(),
        Err(err) => err.to_string(),
    };
    let sessions = if sessions {
        "ok"
    } else {
        "the session store does not answer"
    };
    let status = if upstream == "ok" && sessions == "ok" {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = json!({ "upstream": upstream, "sessions": sessions });
    *last = Some((Instant::now(), status, body.clone()));
    (status, Json(body))
}
