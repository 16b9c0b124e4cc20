//! The authenticated client for a Run:ai control plane (server only).
//!
//! One [`RunaiClient`] serves every user: credentials are an argument of each call, so
//! the same client (and its connection pool and token cache) works for a shared
//! service account and for per-user keys held in sessions. Each call:
//!
//! 1. validates its query and refuses bad input before any request is sent;
//! 2. gets a token for the credentials (cached; one request however many callers);
//! 3. sends the request, retrying idempotent GETs on connect errors, timeouts and
//!    502/503/504 with jittered backoff, never on 4xx;
//! 4. on a 401, drops the token, gets a fresh one and retries once;
//! 5. maps errors to [`ApiError`] and decodes the body, saying where it broke.
//!
//! Every request is traced (method, path, status, latency) under the target
//! `runboard::upstream`; tokens and secrets never are.

mod breaker;
mod cache;
mod config;
mod credentials;
mod jwt;
mod response;
mod retry;
mod shared;
mod token;
mod transport;

use std::sync::Arc;

use reqwest::StatusCode;
use uuid::Uuid;

use breaker::Breaker;
pub use breaker::BreakerConfig;
use cache::Answer;
pub use config::ClientConfig;
pub use credentials::{CallerKey, Credentials, secret_fingerprint};
pub use retry::RetryPolicy;
pub use shared::{SharedAnswers, SharedStore, SharedStoreError};
use token::TokenManager;
pub use token::{TokenApi, UnknownTokenApi};
use transport::Accept;
pub use transport::REQUEST_ID;

use response::{bad_request, decode_detailed, missing_types, text};
pub(crate) use response::{decode, error_for, transport_error};

use super::{
    ApiError,
    model::{
        MetricType, MetricsResponse, TelemetryResponse, WorkloadCount, WorkloadDetailed,
        WorkloadList,
    },
    query::{ListQuery, MetricsQuery, TelemetryQuery, WorkloadSelection},
};

/// Metrics, and which of the asked-for types the control plane could not produce
/// (its `207 Partial success`).
#[derive(Clone, Debug, PartialEq)]
pub struct MetricsResult {
    pub data: MetricsResponse,
    /// Asked for but absent from the answer; empty on a full success.
    pub missing: Vec<MetricType>,
}

/// A client for the five Workloads endpoints. Cheap to clone; clones share the
/// connection pool, the token cache and the circuit breaker.
#[derive(Clone)]
pub struct RunaiClient {
    inner: Arc<Inner>,
    /// The dashboard request these calls serve, sent upstream as `X-Request-Id`.
    request_id: Option<Arc<str>>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    retry: RetryPolicy,
    tokens: TokenManager,
    breaker: Breaker,
    cache: cache::ReadCache,
    /// Answers shared with other replicas, under the read cache.
    shared: Option<shared::SharedTier>,
}

impl RunaiClient {
    /// Builds a client (rustls, pooled connections).
    pub fn new(config: ClientConfig) -> Result<Self, ApiError> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .user_agent(concat!("runboard/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|err| ApiError::Unreachable(format!("cannot build the HTTP client: {err}")))?;
        let tokens = TokenManager::new(
            http.clone(),
            config.base_url.clone(),
            config.token_api,
            config.token_refresh_margin,
        );
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                base_url: config.base_url,
                retry: config.retry,
                tokens,
                breaker: Breaker::new(config.breaker),
                cache: cache::ReadCache::new(config.cache_ttl, config.cache_max_bytes),
                // Shared for as long as an answer is cached here: never without a cache.
                shared: config
                    .shared
                    .filter(|_| !config.cache_ttl.is_zero())
                    .map(|store| {
                        shared::SharedTier::new(store.0, config.cache_ttl, config.shared_wait)
                    }),
            }),
            request_id: None,
        })
    }

    /// The same client, sending `id` as `X-Request-Id` with every call.
    pub fn with_request_id(&self, id: impl Into<Arc<str>>) -> Self {
        Self {
            inner: self.inner.clone(),
            request_id: Some(id.into()),
        }
    }

    /// Whether the circuit breaker is refusing calls right now.
    pub fn circuit_open(&self) -> bool {
        self.inner.breaker.is_open()
    }

    /// The control plane's base URL.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Whether the control plane answers HTTP at all: an unauthenticated count request,
    /// where any status below 500 (401 included) means reachable. For readiness checks;
    /// it takes an in-flight slot and passes the circuit breaker like any call, so an
    /// open circuit answers at once without asking Run:ai.
    pub async fn reachable(&self) -> Result<(), ApiError> {
        let url = format!("{}/api/v1/workloads/count", self.inner.base_url);
        let slot = self.inner.breaker.enter().await?;
        let outcome = match self.inner.http.get(url).send().await {
            Ok(response) if response.status().is_server_error() => Err(ApiError::Upstream {
                status: response.status().as_u16(),
                message: "the control plane answers with a server error".to_owned(),
            }),
            Ok(_) => Ok(()),
            Err(err) => Err(transport_error(err)),
        };
        slot.record(match &outcome {
            Ok(_) => breaker::Outcome::Answered,
            Err(err) => breaker::Outcome::failed(err),
        });
        outcome
    }

    /// Obtains (and caches) a token, proving the credentials work.
    pub async fn sign_in(&self, credentials: &Credentials) -> Result<(), ApiError> {
        self.inner.tokens.token(credentials).await.map(drop)
    }

    /// `GET /api/v1/workloads`: one page of workloads, shared with everyone who asked
    /// the same within the cache's lifetime.
    pub async fn list_workloads(
        &self,
        credentials: &Credentials,
        query: &ListQuery,
    ) -> Result<Arc<WorkloadList>, ApiError> {
        query.validate().map_err(bad_request)?;
        let answer = self
            .get(
                credentials,
                "/api/v1/workloads",
                query.to_query_string(),
                Accept::Json,
            )
            .await?;
        answer.decoded(|body| decode("workload list", body))
    }

    /// `GET /api/v1/workloads/{id}`: one workload with everything the API knows.
    pub async fn get_workload(
        &self,
        credentials: &Credentials,
        id: Uuid,
    ) -> Result<WorkloadDetailed, ApiError> {
        let path = format!("/api/v1/workloads/{id}");
        let answer = self
            .get(credentials, &path, String::new(), Accept::Json)
            .await?;
        decode_detailed(&answer.body)
    }

    /// `GET /api/v1/workloads/count`: how many workloads a selection holds.
    pub async fn count_workloads(
        &self,
        credentials: &Credentials,
        selection: &WorkloadSelection,
    ) -> Result<i64, ApiError> {
        let answer = self
            .get(
                credentials,
                "/api/v1/workloads/count",
                selection.to_query_string(),
                Accept::Json,
            )
            .await?;
        decode::<WorkloadCount>("workload count", &answer.body).map(|c| c.count)
    }

    /// `GET /api/v1/workloads/telemetry`.
    pub async fn workloads_telemetry(
        &self,
        credentials: &Credentials,
        query: &TelemetryQuery,
    ) -> Result<TelemetryResponse, ApiError> {
        let answer = self.telemetry(credentials, query, Accept::Json).await?;
        decode("telemetry response", &answer.body)
    }

    /// `GET /api/v1/workloads/telemetry` as CSV (`Accept: text/csv`).
    pub async fn workloads_telemetry_csv(
        &self,
        credentials: &Credentials,
        query: &TelemetryQuery,
    ) -> Result<String, ApiError> {
        let answer = self.telemetry(credentials, query, Accept::Csv).await?;
        text("telemetry CSV", answer.body)
    }

    /// `GET /api/v1/workloads/{id}/metrics`, with a 207's missing types listed.
    pub async fn workload_metrics(
        &self,
        credentials: &Credentials,
        id: Uuid,
        query: &MetricsQuery,
    ) -> Result<MetricsResult, ApiError> {
        let answer = self.metrics(credentials, id, query, Accept::Json).await?;
        let data: MetricsResponse = decode("metrics response", &answer.body)?;
        let missing = if answer.status == StatusCode::MULTI_STATUS {
            missing_types(&query.metric_type, &data)
        } else {
            Vec::new()
        };
        Ok(MetricsResult { data, missing })
    }

    /// `GET /api/v1/workloads/{id}/metrics` as CSV (`Accept: text/csv`).
    pub async fn workload_metrics_csv(
        &self,
        credentials: &Credentials,
        id: Uuid,
        query: &MetricsQuery,
    ) -> Result<String, ApiError> {
        let answer = self.metrics(credentials, id, query, Accept::Csv).await?;
        text("metrics CSV", answer.body)
    }

    async fn telemetry(
        &self,
        credentials: &Credentials,
        query: &TelemetryQuery,
        accept: Accept,
    ) -> Result<Answer, ApiError> {
        query.validate().map_err(bad_request)?;
        self.get(
            credentials,
            "/api/v1/workloads/telemetry",
            query.to_query_string(),
            accept,
        )
        .await
    }

    async fn metrics(
        &self,
        credentials: &Credentials,
        id: Uuid,
        query: &MetricsQuery,
        accept: Accept,
    ) -> Result<Answer, ApiError> {
        query.validate().map_err(bad_request)?;
        let path = format!("/api/v1/workloads/{id}/metrics");
        self.get(credentials, &path, query.to_query_string(), accept)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn readiness_checks_pass_the_circuit_breaker() {
        // Nothing listens on the discard port: every check fails to connect.
        let mut config = ClientConfig::new("http://127.0.0.1:9");
        config.breaker.failure_threshold = 2;
        let client = RunaiClient::new(config).unwrap();
        for _ in 0..2 {
            let refused = client.reachable().await;
            assert!(
                matches!(refused, Err(ApiError::Unreachable(_))),
                "{refused:?}"
            );
        }
        assert!(client.circuit_open());
        let answered = client.reachable().await;
        assert!(
            matches!(answered, Err(ApiError::Unavailable { .. })),
            "an open circuit answers at once, without asking: {answered:?}"
        );
    }
}
