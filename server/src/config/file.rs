//! The optional TOML settings file (`--config` / `RUNBOARD_CONFIG`).

use std::{net::SocketAddr, path::PathBuf};

use serde::Deserialize;

use super::Secret;

/// The file's contents; every key is optional. Unknown keys are refused so that a
/// typo does not silently leave a setting at its default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub addr: Option<SocketAddr>,
    pub site_root: Option<PathBuf>,
    pub log: Option<String>,
    pub secure_cookies: Option<bool>,
    #[serde(default)]
    pub runai: RunaiFileConfig,
    #[serde(default)]
    pub auth: super::auth_layers::AuthFileConfig,
    #[serde(default)]
    pub session: super::auth_layers::SessionFileConfig,
    #[serde(default)]
    pub ops: super::ops::OpsFileConfig,
    #[serde(default)]
    pub exposure: super::exposure::ExposureFileConfig,
    #[serde(default)]
    pub connections: super::connections::ConnectionFileConfig,
    #[serde(default)]
    pub sign_in_limits: super::sign_in_limits::SignInLimitFileConfig,
    #[serde(default)]
    pub ledger: super::ledger::LedgerFileConfig,
}

/// The `[runai]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunaiFileConfig {
    pub url: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub client_secret_file: Option<PathBuf>,
    /// `v1` or `v2`.
    pub token_api: Option<String>,
    pub timeout_secs: Option<u64>,
}
