//! Where the dashboard's data comes from: a real Run:ai control plane or the embedded
//! simulator. Pages show which; server functions reach the client through context
//! ([`crate::caller::upstream_call`]).

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
    /// The Run:ai client.
    pub client: runai::client::RunaiClient,
    /// What users may know about it.
    pub info: UpstreamInfo,
}
