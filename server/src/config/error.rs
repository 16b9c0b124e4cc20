//! The configuration layer's one error type: each names the setting and what to do.

use std::{io, path::PathBuf};

/// Why the settings could not be resolved; each names the setting and what to do.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read settings file {path}: {source}")]
    ReadFile { path: PathBuf, source: io::Error },
    #[error("settings file {path} is not valid: {source}")]
    ParseFile {
        path: PathBuf,
        source: Box<toml::de::Error>,
    },
    #[error("{name} is given both directly and as a file ({name}_FILE); give one")]
    SecretTwice { name: &'static str },
    #[error("cannot read {name} from {path}: {source}")]
    ReadSecret {
        name: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("{name} is empty")]
    EmptySecret { name: &'static str },
    #[error("RUNAI_URL {url:?} is not an http(s) URL: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("RUNAI_CLIENT_ID and RUNAI_CLIENT_SECRET go together: set both or neither")]
    HalfACredential,
    #[error("RUNAI_TOKEN_API: {0}")]
    BadTokenApi(String),
    #[error("RUNAI_TIMEOUT_SECS must be at least 1")]
    ZeroTimeout,
    #[error("sign-in: {0}")]
    BadAuth(String),
    #[error("sessions: {0}")]
    BadSession(String),
    #[error("{0}")]
    BadOps(String),
    #[error("{0}")]
    BadExposure(String),
    #[error("{0}")]
    BadConnections(String),
    #[error("{0}")]
    BadSignInLimits(String),
    #[error("{0}")]
    BadLedger(String),
}
