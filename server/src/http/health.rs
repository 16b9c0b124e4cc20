//! `GET /healthz`: liveness for load balancers and orchestrators.

/// Answers 200 while the process serves requests.
pub async fn healthz() -> &'static str {
    "ok"
}
