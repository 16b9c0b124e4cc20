//! Liveness and readiness for load balancers and orchestrators.
//!
//! - `GET /healthz`: the process serves requests.
//! - `GET /readyz`: it can do its job: the Run:ai control plane answers HTTP and the
//!   session store answers. 503 names what is missing.

use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde_json::json;

use super::AppState;

/// Answers 200 while the process serves requests.
pub async fn healthz() -> &'static str {
    "ok"
}

/// 200 when the upstream and the session store both answer, else 503; the body says
/// which (`"ok"` or why not), never a URL or a secret.
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
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
    (
        status,
        Json(json!({ "upstream": upstream, "sessions": sessions })),
    )
}
