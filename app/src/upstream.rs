//! Where the dashboard's data comes from: a real Run:ai control plane or the embedded
//! simulator. Pages show which; server functions reach the client through context.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a user may know about the upstream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UpstreamInfo {
    /// The control plane's base URL.
    pub url: String,
    /// Whether it is the embedded simulator.
    pub demo: bool,
}

/// The upstream as server functions use it (server only; provided as context).
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct Upstream {
    pub client: runai::client::RunaiClient,
    pub info: UpstreamInfo,
}

/// Workloads by phase right now, from the count endpoint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterSummary {
    pub upstream_url: String,
    pub demo: bool,
    pub running: i64,
    pub pending: i64,
    pub total: i64,
}

/// Counts running, pending and all live workloads on the upstream.
#[server(endpoint = "cluster_summary")]
pub async fn get_cluster_summary() -> Result<ClusterSummary, ServerFnError> {
    use runai::query::{Filter, FilterField, FilterOp, WorkloadSelection};

    let (upstream, credentials) = crate::server_error::upstream_call()?;
    let in_phase = |phase: &str| WorkloadSelection {
        filter_by: vec![
            Filter::new(FilterField::Phase, FilterOp::Eq, phase).expect("a valid filter"),
        ],
        ..Default::default()
    };
    let client = &upstream.client;
    let (running, pending, total) = futures_join(
        client.count_workloads(&credentials, &in_phase("Running")),
        client.count_workloads(&credentials, &in_phase("Pending")),
        client.count_workloads(&credentials, &WorkloadSelection::default()),
    )
    .await;
    let error = |e: runai::ApiError| crate::server_error::fail(e.status_code(), e.to_string());
    Ok(ClusterSummary {
        upstream_url: upstream.info.url.clone(),
        demo: upstream.info.demo,
        running: running.map_err(error)?,
        pending: pending.map_err(error)?,
        total: total.map_err(error)?,
    })
}

#[cfg(feature = "ssr")]
async fn futures_join<A: Future, B: Future, C: Future>(
    a: A,
    b: B,
    c: C,
) -> (A::Output, B::Output, C::Output) {
    tokio::join!(a, b, c)
}

/// Who is signed in, what Run:ai is called as, and where: shown in the header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    /// The person: their key's client id, user name, or the proxy's user.
    pub principal: String,
    /// Service-account mode: the key the server uses for them.
    pub acting_as: Option<String>,
    pub upstream_url: String,
    pub demo: bool,
}

/// The signed-in caller.
#[server(endpoint = "identity")]
pub async fn get_identity() -> Result<Identity, ServerFnError> {
    let caller = crate::auth::current_caller()?;
    let upstream = use_context::<Upstream>()
        .ok_or_else(|| crate::server_error::fail(503, "no Run:ai upstream is configured"))?;
    Ok(Identity {
        principal: caller.principal,
        acting_as: caller.acting_as,
        upstream_url: upstream.info.url.clone(),
        demo: upstream.info.demo,
    })
}
