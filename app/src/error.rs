//! The one error type of the dashboard's server functions, and which failure goes where.
//!
//! - Input a person or a script got wrong (a URL, a server function's arguments) is an
//!   [`ErrorKind::BadRequest`] (400), refused before Run:ai is asked.
//! - A request without a live session is [`AppError::signed_out`] (401): the page
//!   offers "Sign in again" and stops retrying.
//! - Whatever Run:ai's client reports ([`runai::ApiError`]) converts with `?` and keeps
//!   the status the client chose (its 4xx for the caller's faults, 502/503/504 for the
//!   upstream's).
//! - The dashboard lacking what it needs (no upstream, no sign-in configured) is
//!   [`ErrorKind::Unavailable`] (503).
//!
//! The error travels to the browser as JSON (its kind, status and message), so the
//! browser knows a signed-out answer by its kind, never by its words. server_fn answers
//! every error with a 500; the server's boundary reads the error back and answers with
//! its [`AppError::status`].

use std::fmt;

use leptos::server_fn::{
    Bytes,
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// What kind of failure an [`AppError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The caller's input cannot be used.
    BadRequest,
    /// The request has no live session.
    SignedOut,
    /// Run:ai (or the way to it) failed, or refused the caller.
    Upstream,
    /// The dashboard lacks what this needs.
    Unavailable,
    /// The dashboard itself failed, or its answer could not be read.
    Internal,
}

/// A server function's failure: its kind, the HTTP status it answers with, and what a
/// person reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppError {
    kind: ErrorKind,
    status: u16,
    message: String,
}

/// The words of a call made without a live session.
const SIGNED_OUT: &str = "your session has ended: sign in again";

impl AppError {
    /// Input that cannot be used (400); `message` says why.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::BadRequest, 400, message)
    }

    /// No live session (401).
    pub fn signed_out() -> Self {
        Self::new(ErrorKind::SignedOut, 401, SIGNED_OUT)
    }

    /// The dashboard lacks what this needs (503).
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unavailable, 503, message)
    }

    /// The dashboard failed (500).
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, 500, message)
    }

    fn new(kind: ErrorKind, status: u16, message: impl Into<String>) -> Self {
        Self {
            kind,
            status,
            message: message.into(),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The HTTP status a server function answers with.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// What a person reads.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether only signing in again helps.
    pub fn is_signed_out(&self) -> bool {
        self.kind == ErrorKind::SignedOut
    }

    /// Whether the caller's own request is at fault (a 4xx other than an ended
    /// session): a page showing it answers with its status.
    pub fn is_callers_fault(&self) -> bool {
        (400..500).contains(&self.status) && !self.is_signed_out()
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AppError {}

impl From<runai::ApiError> for AppError {
    fn from(error: runai::ApiError) -> Self {
        Self::new(ErrorKind::Upstream, error.status_code(), error.to_string())
    }
}

impl From<runai::query::QueryError> for AppError {
    fn from(error: runai::query::QueryError) -> Self {
        Self::bad_request(error.to_string())
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        match error {
            // Arguments that do not decode are the caller's.
            ServerFnErrorErr::Args(message)
            | ServerFnErrorErr::MissingArg(message)
            | ServerFnErrorErr::Deserialization(message) => Self::bad_request(message),
            ServerFnErrorErr::Request(_) => {
                Self::new(ErrorKind::Internal, 503, "the dashboard did not answer")
            }
            other => Self::internal(other.to_string()),
        }
    }

    /// An error answer that is not ours (a proxy's page, a timeout's text) is read as
    /// its words rather than lost.
    fn de(data: Bytes) -> Self {
        serde_json::from_slice(&data).unwrap_or_else(|_| {
            let text = String::from_utf8_lossy(&data);
            let text = text.trim();
            Self::new(
                ErrorKind::Internal,
                502,
                if text.is_empty() {
                    "the dashboard answered without saying why".to_owned()
                } else {
                    text.chars().take(300).collect()
                },
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_errors_keep_the_clients_status() {
        let error = AppError::from(runai::ApiError::Timeout);
        assert_eq!(error.status(), 504);
        assert_eq!(error.kind(), ErrorKind::Upstream);
        assert_eq!(error.message(), "Run:ai did not answer in time");
        assert!(!error.is_callers_fault());
        let forbidden = AppError::from(runai::ApiError::Forbidden("x".into()));
        assert!(forbidden.is_callers_fault());
    }

    #[test]
    fn bad_arguments_are_the_callers_fault_and_an_ended_session_is_its_own_kind() {
        let error = AppError::from_server_fn_error(ServerFnErrorErr::Args("bogus".into()));
        assert_eq!(error.status(), 400);
        assert!(error.is_callers_fault());
        assert!(AppError::signed_out().is_signed_out());
        assert!(!AppError::signed_out().is_callers_fault());
        // Run:ai refusing the credentials is not the session ending.
        let refused = AppError::from(runai::ApiError::Unauthorized("revoked".into()));
        assert_eq!(refused.status(), 401);
        assert!(!refused.is_signed_out());
    }

    #[test]
    fn errors_round_trip_as_json_and_foreign_answers_keep_their_words() {
        let error = AppError::signed_out();
        assert_eq!(AppError::de(error.ser()), error);
        let json = String::from_utf8(error.ser().to_vec()).unwrap();
        assert!(json.contains("sign in again"), "{json}");
        let foreign = AppError::de(Bytes::from_static(b"504 Gateway Timeout\n"));
        assert_eq!(foreign.message(), "504 Gateway Timeout");
        assert_eq!(AppError::de(Bytes::new()).status(), 502);
    }
}
