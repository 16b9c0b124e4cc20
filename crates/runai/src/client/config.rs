//! How to reach and talk to one control plane: URL, token API, timeouts, retries,
//! the circuit breaker and the read cache.

use std::time::Duration;

use super::{BreakerConfig, RetryPolicy, SharedStore, TokenApi};

/// How to reach and talk to one control plane.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// e.g. `https://myorg.run.ai` (no trailing slash needed).
    pub base_url: String,
    /// Which token API to use.
    pub token_api: TokenApi,
    /// The whole-request timeout, per attempt.
    pub timeout: Duration,
    /// The connection timeout, per attempt.
    pub connect_timeout: Duration,
    /// Retries of idempotent GETs.
    pub retry: RetryPolicy,
    /// A token is replaced this long before it expires.
    pub token_refresh_margin: Duration,
    /// The concurrency limit and circuit breaker.
    pub breaker: BreakerConfig,
    /// How long an upstream answer is shared with identical reads (zero: never);
    /// keep it below the shortest auto-refresh period (5 s), so a page refreshing
    /// on schedule always gets an answer fetched for this refresh.
    pub cache_ttl: Duration,
    /// The most bytes of answers the read cache holds; the least recently useful go
    /// first when it is full.
    pub cache_max_bytes: u64,
    /// Where replicas share answers (a second tier under the read cache); `None`:
    /// this process only.
    pub shared: Option<SharedStore>,
    /// How long a replica waits for another replica that is asking the same thing
    /// before it asks itself (also the longest a claim to ask is held).
    pub shared_wait: Duration,
}

impl ClientConfig {
    /// Defaults: token API v1, 15 s per request, 5 s to connect, 3 attempts, tokens
    /// refreshed 60 s before they expire, the [`BreakerConfig`] defaults, answers shared
    /// for 4 s, at most 32 MiB of them.
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into().trim_end_matches('/').to_owned(),
            token_api: TokenApi::V1,
            timeout: Duration::from_secs(15),
            connect_timeout: Duration::from_secs(5),
            retry: RetryPolicy::default(),
            token_refresh_margin: Duration::from_secs(60),
            breaker: BreakerConfig::default(),
            cache_ttl: Duration::from_secs(4),
            cache_max_bytes: 32 << 20,
            shared: None,
            shared_wait: Duration::from_secs(3),
        }
    }
}
