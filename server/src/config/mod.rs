//! Runboard's settings, layered: defaults → optional TOML file → environment → flags.
//!
//! Each area declares its settings once, with [`layer::layered!`]: flag, variable,
//! file key, default, help text and secrecy side by side, and checks them in a
//! `resolve_*` function beside the declaration.
//!
//! - [`cli`]: the command line, the top-level settings and `--help`.
//! - [`upstream`]: the Run:ai control plane. [`auth`]: sign-in modes, the guard,
//!   sessions. [`exposure`]: proxies and host names. [`connections`]: how long a
//!   client may take. [`sign_in_limits`]: sign-ins per hour, sessions per person.
//!   [`ops`]: logs, metrics, the Run:ai concurrency limit. [`ledger`]: the GPU waste
//!   ledger's store and collector. [`alerts`]: links in alerts, destinations allowed,
//!   signing, e-mail.
//! - [`Secret`] (from `runai`): the type that keeps credentials out of logs.
//!
//! [`Settings::load`] merges the layers into the one value the server runs on.

pub mod alerts;
pub mod auth;
pub mod cli;
pub mod connections;
mod error;
pub mod exposure;
pub mod layer;
pub mod ledger;
pub mod ops;
mod secret_files;
pub mod sign_in_limits;
pub mod upstream;

use std::{
    fs,
    net::SocketAddr,
    path::{Path, PathBuf},
};

use runai_sim::SimSettings;

pub use alerts::{AlertArgs, AlertSettings};
pub use auth::{AuthArgs, AuthMode, AuthSettings, Guard, SessionArgs, SessionSettings};
pub use cli::{Cli, Command, DEFAULT_ADDR, SettingsArgs};
pub use connections::ConnectionArgs;
pub use error::ConfigError;
pub use exposure::{ExposureArgs, ExposureSettings};
pub use layer::{Layer, List};
pub use ledger::{CollectorSwitch, HiddenWorkloads, LedgerArgs, LedgerSettings};
pub use ops::{ClientTuning, LogFormat, OpsArgs, OpsSettings};
pub use runai::Secret;
pub use sign_in_limits::{SignInLimitArgs, SignInLimits};
pub use upstream::{RunaiArgs, UpstreamSettings, redact_url};

/// Everything the server runs on, resolved from all layers.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where to listen.
    pub addr: SocketAddr,
    /// The built site's folder, when one is given (`crate::site` finds it otherwise).
    pub site_root: Option<PathBuf>,
    /// The tracing filter.
    pub log: String,
    /// Whether the session cookie carries `Secure`.
    pub secure_cookies: bool,
    /// The Run:ai control plane; `None` means the embedded simulator.
    pub upstream: Option<UpstreamSettings>,
    /// The names the operator gives clusters (the API gives only ids).
    pub cluster_names: Vec<(uuid::Uuid, String)>,
    /// How people sign in.
    pub auth: AuthSettings,
    /// Where sessions live and how long they last.
    pub session: SessionSettings,
    /// Metrics and logs.
    pub ops: OpsSettings,
    /// Trusted proxies, allowed host names, the in-memory session cap.
    pub exposure: ExposureSettings,
    /// Header and idle timeouts, the cap on open connections.
    pub connections: crate::listen::ConnectionLimits,
    /// Successful sign-ins per person and address, sessions per person.
    pub sign_in_limits: SignInLimits,
    /// Timeouts and the concurrency limit of Run:ai calls (real or simulated).
    pub client: ClientTuning,
    /// The simulator's settings (used when `upstream` is `None`, and by `runboard sim`).
    pub sim: SimSettings,
    /// The GPU waste ledger: its store and its collector.
    pub ledger: LedgerSettings,
    /// Alerts: links, destinations allowed, signing, e-mail, pace.
    pub alerts: AlertSettings,
}

impl Settings {
    /// Resolves the settings from the command line and environment (`given`) over the
    /// file `config` names.
    pub fn load(config: Option<&Path>, given: SettingsArgs) -> Result<Self, ConfigError> {
        let file = match config {
            Some(path) => read_file(path)?,
            None => SettingsArgs::default(),
        };
        Self::from_layers(given, file)
    }

    /// Merges `given` over `file` over the defaults.
    pub fn from_layers(given: SettingsArgs, file: SettingsArgs) -> Result<Self, ConfigError> {
        let values = given.over(file).values()?;
        let runai_timeout_secs = values.runai.timeout_secs;
        let cluster_names = upstream::resolve_cluster_names(values.runai.cluster_names.clone())?;
        let (upstream, service_account) = upstream::resolve_upstream(values.runai)?;
        let auth = auth::resolve_auth(values.auth, upstream.is_some(), service_account)?;
        let exposure = exposure::resolve_exposure(values.exposure)?;
        if matches!(auth.guard, Some(Guard::TrustedHeader(_)))
            && exposure.trusted_proxies.is_empty()
        {
            return Err(ConfigError::BadAuth(
                "RUNBOARD_GUARD_HEADER is believed only from a trusted proxy: set \
                 RUNBOARD_TRUSTED_PROXIES to the authenticating proxy's address"
                    .to_owned(),
            ));
        }
        let client = ops::client_tuning(&values.ops, runai_timeout_secs);
        Ok(Self {
            addr: values.addr,
            site_root: values
                .site_root
                .or_else(|| std::env::var_os("LEPTOS_SITE_ROOT").map(PathBuf::from)),
            log: values.log,
            secure_cookies: values.secure_cookies,
            upstream,
            cluster_names,
            auth,
            session: auth::resolve_session(values.session)?,
            ops: values.ops,
            exposure,
            connections: connections::resolve_connections(values.connections),
            sign_in_limits: values.sign_in_limits,
            client,
            sim: SimSettings::default(),
            ledger: ledger::resolve_ledger(values.ledger)?,
            alerts: alerts::resolve_alerts(values.alerts)?,
        })
    }
}

fn read_file(path: &Path) -> Result<SettingsArgs, ConfigError> {
    let text = fs::read_to_string(path).map_err(|source| ConfigError::ReadFile {
        path: path.to_owned(),
        source,
    })?;
    toml::from_str(&text).map_err(|source| ConfigError::ParseFile {
        path: path.to_owned(),
        source: Box::new(source),
    })
}

#[cfg(test)]
mod tests;
