//! Sending a GET: the token, one re-authentication on 401, retries with backoff
//! through the guard (concurrency limit, circuit breaker), the request id, and the
//! trace line and metrics of each attempt.

use reqwest::{StatusCode, header};
use tokio::time::Instant;

use super::{
    Credentials, RunaiClient,
    breaker::Outcome,
    cache::{Answer, ReadKey},
    error_for, transport_error,
};
use crate::{ApiError, Secret};

/// The header carrying the id of the dashboard request an upstream call serves, so
/// one person's page load can be followed into the control plane's logs.
pub const REQUEST_ID: &str = "x-request-id";

/// The endpoint a path belongs to, as the spec names it: a bounded label for metrics
/// (a workload's id would make one series per workload).
fn endpoint(path: &str) -> &'static str {
    match path.strip_prefix("/api/v1/workloads") {
        Some("") => "/api/v1/workloads",
        Some("/count") => "/api/v1/workloads/count",
        Some("/telemetry") => "/api/v1/workloads/telemetry",
        Some(rest) if rest.ends_with("/metrics") => "/api/v1/workloads/{workloadId}/metrics",
        Some(_) => "/api/v1/workloads/{workloadId}",
        None => "other",
    }
}

/// What a response's body should be.
#[derive(Clone, Copy)]
pub(super) enum Accept {
    Json,
    Csv,
}

impl Accept {
    fn header(self) -> &'static str {
        match self {
            Accept::Json => "application/json",
            Accept::Csv => "text/csv",
        }
    }
}

impl RunaiClient {
    /// A GET through the read cache: joined with an identical one in flight, served
    /// from a recent answer, or sent.
    pub(super) async fn get(
        &self,
        credentials: &Credentials,
        path: &str,
        query: String,
        accept: Accept,
    ) -> Result<Answer, ApiError> {
        let url = if query.is_empty() {
            format!("{}{path}", self.inner.base_url)
        } else {
            format!("{}{path}?{query}", self.inner.base_url)
        };
        let key = ReadKey {
            scope: credentials.cache_key(),
            url: url.clone(),
            accept: accept.header(),
        };
        // On the heap: the call's future is large, and nesting it in the shared tier's and
        // the cache's futures overflowed a worker thread's stack in debug builds.
        let load = Box::pin(self.get_uncached(credentials, path, &url, accept));
        let shared = self.inner.shared.as_ref().map(|tier| {
            // Who asks (the kind of credential, its principal, its secret) and what: the
            // same reads on every replica share one name, and no one else's.
            let (kind, secret) = credentials.kind_and_secret();
            let name = tier.name(&[
                &[kind],
                credentials.principal().as_bytes(),
                secret.expose().as_bytes(),
                url.as_bytes(),
                accept.header().as_bytes(),
            ]);
            (tier, name)
        });
        self.inner
            .cache
            .get_or_load(
                key,
                Box::pin(async {
                    match &shared {
                        Some((tier, name)) => tier.read(name, load).await,
                        None => load.await,
                    }
                }),
            )
            .await
    }

    /// A GET with a token, one re-authentication on 401, and status mapping.
    async fn get_uncached(
        &self,
        credentials: &Credentials,
        path: &str,
        url: &str,
        accept: Accept,
    ) -> Result<Answer, ApiError> {
        let mut reauthenticated = false;
        loop {
            let token = self.inner.tokens.token(credentials).await?;
            let answer = self
                .send_with_retries(url, endpoint(path), &token, accept)
                .await?;
            if answer.status == StatusCode::UNAUTHORIZED
                && !reauthenticated
                && credentials.can_mint()
            {
                self.inner.tokens.invalidate(credentials, &token).await;
                reauthenticated = true;
                continue;
            }
            return if answer.status.is_success() {
                Ok(answer)
            } else {
                Err(error_for(answer.status, &answer.body))
            };
        }
    }

    /// Sends one GET, retrying what the policy allows while the circuit stays closed.
    async fn send_with_retries(
        &self,
        url: &str,
        path: &'static str,
        token: &Secret,
        accept: Accept,
    ) -> Result<Answer, ApiError> {
        let policy = &self.inner.retry;
        let mut attempt = 1;
        loop {
            let slot = self.inner.breaker.enter().await?;
            let started = Instant::now();
            let outcome = self.send_once(url, token, accept).await;
            let elapsed = started.elapsed();
            let latency_ms = elapsed.as_millis() as u64;
            let request_id = self.request_id.as_deref().unwrap_or("");
            let (retryable, status) = match &outcome {
                Ok(answer) => {
                    tracing::info!(target: "runboard::upstream", method = "GET", path, status = answer.status.as_u16(), latency_ms, attempt, request_id, "Run:ai call");
                    let failed = answer.status.is_server_error();
                    slot.record(if failed {
                        Outcome::failed(answer.status)
                    } else {
                        Outcome::Answered
                    });
                    (
                        matches!(answer.status.as_u16(), 502..=504),
                        answer.status.as_str().to_owned(),
                    )
                }
                Err(err) => {
                    tracing::warn!(target: "runboard::upstream", method = "GET", path, error = %err, latency_ms, attempt, request_id, "Run:ai call failed");
                    slot.record(Outcome::failed(err));
                    let status = match err {
                        ApiError::Timeout => "timeout",
                        _ => "unreachable",
                    };
                    (
                        matches!(err, ApiError::Timeout | ApiError::Unreachable(_)),
                        status.to_owned(),
                    )
                }
            };
            metrics::counter!("runboard_upstream_calls_total", "endpoint" => path, "status" => status)
                .increment(1);
            metrics::histogram!("runboard_upstream_call_seconds", "endpoint" => path)
                .record(elapsed.as_secs_f64());
            if !retryable || attempt >= policy.max_attempts {
                return outcome;
            }
            tokio::time::sleep(policy.delay(attempt)).await;
            attempt += 1;
        }
    }

    async fn send_once(
        &self,
        url: &str,
        token: &Secret,
        accept: Accept,
    ) -> Result<Answer, ApiError> {
        let mut request = self
            .inner
            .http
            .get(url)
            .header(header::ACCEPT, accept.header());
        if let Some(id) = &self.request_id {
            request = request.header(REQUEST_ID, id.as_ref());
        }
        let mut request = request.build().map_err(transport_error)?;
        // Set, not added: a user name and password in the base URL become a Basic
        // `Authorization` of their own, which must not travel beside the token.
        let mut bearer = header::HeaderValue::try_from(format!("Bearer {}", token.expose()))
            .map_err(|_| ApiError::Decode {
                what: "token".to_owned(),
                at: "a character that cannot travel in a header".to_owned(),
            })?;
        bearer.set_sensitive(true);
        request.headers_mut().insert(header::AUTHORIZATION, bearer);
        let response = self
            .inner
            .http
            .execute(request)
            .await
            .map_err(transport_error)?;
        let status = response.status();
        let body = response.bytes().await.map_err(transport_error)?;
        Ok(Answer::new(status, body))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn endpoints_are_named_as_the_spec_names_them() {
        use super::endpoint;
        assert_eq!(endpoint("/api/v1/workloads"), "/api/v1/workloads");
        assert_eq!(
            endpoint("/api/v1/workloads/count"),
            "/api/v1/workloads/count"
        );
        let id = "/api/v1/workloads/0b0c51a4-0000-4000-8000-000000000001";
        assert_eq!(endpoint(id), "/api/v1/workloads/{workloadId}");
        assert_eq!(
            endpoint(&format!("{id}/metrics")),
            "/api/v1/workloads/{workloadId}/metrics"
        );
        assert_eq!(endpoint("/elsewhere"), "other");
    }
}
