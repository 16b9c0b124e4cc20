//! What can go wrong talking to Run:ai, as one enum the pages can show.
//!
//! [`ApiError`] is for everything past our own validation: the upstream's answers
//! (mapped from the spec's `Error` body) and the network. Invalid input is refused
//! earlier, with a [`crate::query::QueryError`], before any call is made.

use serde::{Deserialize, Serialize};

/// An upstream call that did not produce the data asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ApiError {
    /// Run:ai refused the request as malformed (400).
    #[error("Run:ai refused the request: {0}")]
    BadRequest(String),
    /// The credentials were not accepted (401), even after a fresh token.
    #[error("Run:ai did not accept the credentials: {0}")]
    Unauthorized(String),
    /// The credentials are valid but may not see this (403).
    #[error("no access: {0}")]
    Forbidden(String),
    /// No such workload (404).
    #[error("not found: {0}")]
    NotFound(String),
    /// Any other error status from Run:ai.
    #[error("Run:ai answered {status}: {message}")]
    Upstream { status: u16, message: String },
    /// Run:ai did not answer within the timeout, after the allowed retries.
    #[error("Run:ai did not answer in time")]
    Timeout,
    /// No connection could be made, after the allowed retries.
    #[error("cannot reach Run:ai: {0}")]
    Unreachable(String),
    /// Not asked: Run:ai has been failing (the circuit is open) or too many calls are
    /// already waiting for it. `retry_in_s` says when a call may go through again.
    #[error("upstream unavailable: {reason}; next try in {retry_in_s} s")]
    Unavailable { reason: String, retry_in_s: u64 },
    /// The answer does not match the spec: `what` was expected, `at` says where it broke.
    #[error("Run:ai sent a {what} that cannot be read (at {at})")]
    Decode { what: String, at: String },
}

impl ApiError {
    /// The HTTP status the dashboard answers with when this error ends a request:
    /// the caller's faults keep their 4xx, the upstream's become 502/504.
    pub fn status_code(&self) -> u16 {
        match self {
            ApiError::BadRequest(_) => 400,
            ApiError::Unauthorized(_) => 401,
            ApiError::Forbidden(_) => 403,
            ApiError::NotFound(_) => 404,
            ApiError::Timeout => 504,
            ApiError::Unavailable { .. } => 503,
            ApiError::Upstream { .. } | ApiError::Unreachable(_) | ApiError::Decode { .. } => 502,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callers_faults_stay_4xx_and_upstream_faults_become_5xx() {
        assert_eq!(ApiError::BadRequest("x".into()).status_code(), 400);
        assert_eq!(ApiError::NotFound("x".into()).status_code(), 404);
        assert_eq!(
            ApiError::Upstream {
                status: 500,
                message: "x".into()
            }
            .status_code(),
            502
        );
        assert_eq!(ApiError::Timeout.status_code(), 504);
    }
}
