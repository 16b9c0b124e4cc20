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
    #[error("sign-in: {0}")]
    BadAuth(String),
    #[error("sessions: {0}")]
    BadSession(String),
    /// A value outside what its setting allows; the message names the setting.
    #[error("{0}")]
    Invalid(String),
}
