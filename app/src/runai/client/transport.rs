//! Sending a GET: the token, one re-authentication on 401, retries with backoff, and
//! the trace line of each attempt.

use reqwest::{StatusCode, header};
use tokio::time::Instant;

use super::{Credentials, RunaiClient, error_for, transport_error};
use crate::runai::{ApiError, Secret};

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

/// A response read to the end.
pub(super) struct Answer {
    pub(super) status: StatusCode,
    pub(super) body: bytes::Bytes,
}

impl RunaiClient {
    /// A GET with a token, one re-authentication on 401, and status mapping.
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
        let mut reauthenticated = false;
        loop {
            let token = self.inner.tokens.token(credentials).await?;
            let answer = self.send_with_retries(&url, path, &token, accept).await?;
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

    /// Sends one GET, retrying what the policy allows.
    async fn send_with_retries(
        &self,
        url: &str,
        path: &str,
        token: &Secret,
        accept: Accept,
    ) -> Result<Answer, ApiError> {
        let policy = &self.inner.retry;
        let mut attempt = 1;
        loop {
            let started = Instant::now();
            let outcome = self.send_once(url, token, accept).await;
            let latency_ms = started.elapsed().as_millis() as u64;
            let retryable = match &outcome {
                Ok(answer) => {
                    tracing::info!(target: "runboard::upstream", method = "GET", path, status = answer.status.as_u16(), latency_ms, attempt, "Run:ai call");
                    matches!(answer.status.as_u16(), 502..=504)
                }
                Err(err) => {
                    tracing::warn!(target: "runboard::upstream", method = "GET", path, error = %err, latency_ms, attempt, "Run:ai call failed");
                    matches!(err, ApiError::Timeout | ApiError::Unreachable(_))
                }
            };
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
        let response = self
            .inner
            .http
            .get(url)
            .bearer_auth(token.expose())
            .header(header::ACCEPT, accept.header())
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status();
        let body = response.bytes().await.map_err(transport_error)?;
        Ok(Answer { status, body })
    }
}
