//! The one error type of the dashboard's pages, server functions and downloads, and
//! which failure goes where.
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

/// What kind of failure an [`AppError`] is; the kind alone decides the HTTP status
/// ([`ErrorKind::status_code`]), so a kind and a status can never disagree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The caller's input cannot be used (400).
    BadRequest,
    /// The request has no live session (401).
    SignedOut,
    /// Run:ai did not accept the caller's credentials (401).
    Refused,
    /// The caller may not see this (403).
    Forbidden,
    /// There is no such thing (404).
    NotFound,
    /// The caller asks too much at once (429).
    TooMany,
    /// Run:ai failed, could not be reached, or answered what cannot be read (502).
    Upstream,
    /// Run:ai is being given a rest after repeated failures (503).
    UpstreamResting,
    /// Run:ai did not answer in time (504).
    UpstreamTimeout,
    /// The dashboard lacks what this needs (503).
    Unavailable,
    /// The dashboard itself failed (500).
    Internal,
}

impl ErrorKind {
    /// Every kind.
    pub const ALL: [ErrorKind; 11] = [
        ErrorKind::BadRequest,
        ErrorKind::SignedOut,
        ErrorKind::Refused,
        ErrorKind::Forbidden,
        ErrorKind::NotFound,
        ErrorKind::TooMany,
        ErrorKind::Upstream,
        ErrorKind::UpstreamResting,
        ErrorKind::UpstreamTimeout,
        ErrorKind::Unavailable,
        ErrorKind::Internal,
    ];

    /// Its name, as in JSON answers (`upstream_timeout`). Server-rendered HTML carries
    /// an error as its kind's name and its message, which the browser reads back with
    /// [`ErrorKind::from_name`] and no JSON parser.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::BadRequest => "bad_request",
            ErrorKind::SignedOut => "signed_out",
            ErrorKind::Refused => "refused",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "not_found",
            ErrorKind::TooMany => "too_many",
            ErrorKind::Upstream => "upstream",
            ErrorKind::UpstreamResting => "upstream_resting",
            ErrorKind::UpstreamTimeout => "upstream_timeout",
            ErrorKind::Unavailable => "unavailable",
            ErrorKind::Internal => "internal",
        }
    }

    /// The kind named `name` ([`ErrorKind::name`]).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// The one place a kind becomes an HTTP status.
    pub fn status_code(self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            ErrorKind::BadRequest => S::BAD_REQUEST,
            ErrorKind::SignedOut | ErrorKind::Refused => S::UNAUTHORIZED,
            ErrorKind::Forbidden => S::FORBIDDEN,
            ErrorKind::NotFound => S::NOT_FOUND,
            ErrorKind::TooMany => S::TOO_MANY_REQUESTS,
            ErrorKind::Internal => S::INTERNAL_SERVER_ERROR,
            ErrorKind::Upstream => S::BAD_GATEWAY,
            ErrorKind::UpstreamResting | ErrorKind::Unavailable => S::SERVICE_UNAVAILABLE,
            ErrorKind::UpstreamTimeout => S::GATEWAY_TIMEOUT,
        }
    }
}

/// A failure of a page, a server function or a download: its kind (which decides the
/// status) and what a person reads, which is always safe to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppError {
    kind: ErrorKind,
    message: String,
}

/// The words of a call made without a live session.
const SIGNED_OUT: &str = "your session has ended: sign in again";

impl AppError {
    /// A failure of `kind`; `message` says what happened.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// Input that cannot be used (400); `message` says why.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::BadRequest, message)
    }

    /// No live session (401).
    pub fn signed_out() -> Self {
        Self::new(ErrorKind::SignedOut, SIGNED_OUT)
    }

    /// The dashboard lacks what this needs (503).
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unavailable, message)
    }

    /// The dashboard failed (500).
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }

    /// The same failure, its message behind `context` (`the export failed: …`).
    pub fn context(self, context: &str) -> Self {
        Self::new(self.kind, format!("{context}: {}", self.message))
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The HTTP status it answers with: its kind's.
    pub fn status_code(&self) -> http::StatusCode {
        self.kind.status_code()
    }

    /// [`Self::status_code`] as a number.
    pub fn status(&self) -> u16 {
        self.status_code().as_u16()
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
        (400..500).contains(&self.status()) && !self.is_signed_out()
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
        use runai::ApiError as E;
        let kind = match &error {
            E::BadRequest(_) => ErrorKind::BadRequest,
            E::Unauthorized(_) => ErrorKind::Refused,
            E::Forbidden(_) => ErrorKind::Forbidden,
            E::NotFound(_) => ErrorKind::NotFound,
            E::Timeout => ErrorKind::UpstreamTimeout,
            E::Unavailable { .. } => ErrorKind::UpstreamResting,
            E::Upstream { .. } | E::Unreachable(_) | E::Decode { .. } => ErrorKind::Upstream,
        };
        Self::new(kind, error.to_string())
    }
}

/// A download's or a handler's error, as a browser or a CSV client reads it: the kind's
/// status and the message as plain text, never cached.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        use http::header;
        (
            self.status_code(),
            [
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            self.message,
        )
            .into_response()
    }
}

/// The ledger's store: a saved view or alert rule that is not there or not the
/// caller's to change is theirs to hear about; anything else is the store not answering, and the page says why.
#[cfg(feature = "ssr")]
impl From<ledger::LedgerError> for AppError {
    fn from(error: ledger::LedgerError) -> Self {
        use ledger::LedgerError as E;
        let kind = match error {
            E::NoSuchView | E::NoSuchRule => ErrorKind::NotFound,
            E::NotYourView | E::NotYourRule => ErrorKind::Forbidden,
            E::TooManyViews { .. } | E::TooManyRules { .. } => ErrorKind::BadRequest,
            _ => ErrorKind::Unavailable,
        };
        Self::new(kind, error.to_string())
    }
}

impl From<crate::url_state::Problem> for AppError {
    fn from(problem: crate::url_state::Problem) -> Self {
        Self::bad_request(problem.to_string())
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
                Self::new(ErrorKind::Unavailable, "the dashboard did not answer")
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
                ErrorKind::Upstream,
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
#[path = "error_tests.rs"]
mod tests;
