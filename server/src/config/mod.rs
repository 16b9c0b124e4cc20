//! Runboard's settings, layered: defaults → optional TOML file → environment → flags.
//!
//! - [`cli`]: the flags and variables (`runboard --help`).
//! - [`file`]: the TOML file.
//! - [`auth`]: sign-in modes, the service-account guard, sessions;
//!   [`auth_layers`]: their flags and file tables.
//! - [`ops`]: the upstream concurrency limit, metrics address, log format.
//! - [`connections`]: how long a client may take, how many may be connected.
//! - [`sign_in_limits`]: successful sign-ins per hour, sessions per person.
//! - [`Secret`] (from `runai`): the type that keeps credentials out of logs.
//!
//! [`Settings::load`] merges the layers into the one value the server runs on.

pub mod auth;
pub mod auth_layers;
pub mod cli;
pub mod connections;
mod error;
pub mod exposure;
pub mod file;
pub mod ledger;
pub mod ops;
mod secret_files;
pub mod sign_in_limits;

use std::{
    fs,
    net::SocketAddr,
    path::{Path, PathBuf},
};

use runai::client::{ClientConfig, Credentials, TokenApi};

use runai_sim::SimSettings;

pub use auth::{AuthMode, AuthSettings, Guard, SessionSettings};
pub use auth_layers::AuthArgs;
pub use cli::{Cli, Command, SettingsArgs};
pub use connections::ConnectionArgs;
pub use error::ConfigError;
pub use exposure::{AllowedHosts, ExposureArgs, ExposureSettings, TrustedProxies};
pub use file::FileConfig;
pub use ledger::{CollectorSwitch, LedgerArgs, LedgerSettings};
pub use ops::{ClientTuning, LogFormat, OpsSettings};
pub use runai::Secret;
pub(crate) use secret_files::pick_secret;
pub use sign_in_limits::{SignInLimitArgs, SignInLimits};

/// The address the dashboard listens on when nothing else is configured.
pub const DEFAULT_ADDR: &str = "127.0.0.1:3000";

/// Everything the server runs on, resolved from all layers.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where to listen.
    pub addr: SocketAddr,
    /// The built site: `pkg/` from cargo-leptos, `vendor/`, the favicon.
    pub site_root: PathBuf,
    /// The tracing filter.
    pub log: String,
    /// Whether the session cookie carries `Secure`.
    pub secure_cookies: bool,
    /// The Run:ai control plane; `None` means the embedded simulator.
    pub upstream: Option<UpstreamSettings>,
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
}

/// A real Run:ai control plane. Its `Debug` shows the URL without credentials.
#[derive(Clone)]
pub struct UpstreamSettings {
    /// Base URL, e.g. `https://myorg.run.ai`.
    pub url: String,
    /// Service-account access key, when the server holds one.
    pub client_id: Option<String>,
    /// Its secret.
    pub client_secret: Option<Secret>,
    /// Which token API the control plane offers.
    pub token_api: TokenApi,
}

impl std::fmt::Debug for UpstreamSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UpstreamSettings")
            .field("url", &redact_url(&self.url))
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("token_api", &self.token_api)
            .finish()
    }
}

impl UpstreamSettings {
    /// The client configuration these settings describe, with `tuning`'s limits.
    pub fn client_config(&self, tuning: &ClientTuning) -> ClientConfig {
        let mut config = tuning.client_config(&self.url);
        config.token_api = self.token_api;
        config
    }

    /// The service account's credentials, when configured.
    pub fn service_account(&self) -> Option<Credentials> {
        Some(Credentials::access_key(
            self.client_id.clone()?,
            self.client_secret.clone()?,
        ))
    }
}

impl Settings {
    /// Resolves the settings from the command line/environment and the file they name.
    pub fn load(args: SettingsArgs) -> Result<Self, ConfigError> {
        let file = match &args.config {
            Some(path) => read_file(path)?,
            None => FileConfig::default(),
        };
        Self::from_layers(args, file, default_site_root)
    }

    /// Merges the layers; `default_site_root` is asked only when no layer names one.
    pub fn from_layers(
        args: SettingsArgs,
        file: FileConfig,
        default_site_root: impl FnOnce() -> PathBuf,
    ) -> Result<Self, ConfigError> {
        let client_secret = pick_secret(
            "RUNAI_CLIENT_SECRET",
            (args.runai_client_secret, args.runai_client_secret_file),
            (file.runai.client_secret, file.runai.client_secret_file),
        )?;
        let client_id = args.runai_client_id.or(file.runai.client_id);
        if client_id.is_some() != client_secret.is_some() {
            return Err(ConfigError::HalfACredential);
        }
        let token_api = match (args.runai_token_api, file.runai.token_api) {
            (Some(api), _) => api,
            (None, Some(word)) => word
                .parse()
                .map_err(|err: runai::client::UnknownTokenApi| {
                    ConfigError::BadTokenApi(err.to_string())
                })?,
            (None, None) => TokenApi::default(),
        };
        let timeout_secs = args
            .runai_timeout_secs
            .or(file.runai.timeout_secs)
            .unwrap_or(15);
        if timeout_secs == 0 {
            return Err(ConfigError::ZeroTimeout);
        }
        let service_account = client_id.is_some();
        let upstream = match args.runai_url.or(file.runai.url) {
            Some(url) => Some(UpstreamSettings {
                url: validate_url(url)?,
                client_id,
                client_secret,
                token_api,
            }),
            None => None,
        };
        let auth = auth::resolve_auth(&args.auth, file.auth, upstream.is_some(), service_account)?;
        let session = auth::resolve_session(&args.auth, file.session)?;
        let (ops, client) = ops::resolve_ops(&args.ops, file.ops, timeout_secs)?;
        let exposure = exposure::resolve_exposure(&args.exposure, file.exposure)?;
        let connections = connections::resolve_connections(&args.connections, file.connections)?;
        let sign_in_limits =
            sign_in_limits::resolve_sign_in_limits(&args.sign_in_limits, file.sign_in_limits)?;
        let ledger = ledger::resolve_ledger(&args.ledger, file.ledger)?;
        if matches!(auth.guard, Some(Guard::TrustedHeader(_)))
            && exposure.trusted_proxies.is_empty()
        {
            return Err(ConfigError::BadAuth(
                "RUNBOARD_GUARD_HEADER is believed only from a trusted proxy: set \
                 RUNBOARD_TRUSTED_PROXIES to the authenticating proxy's address"
                    .to_owned(),
            ));
        }
        Ok(Self {
            addr: args
                .addr
                .or(file.addr)
                .unwrap_or_else(|| DEFAULT_ADDR.parse().expect("the default address parses")),
            site_root: args
                .site_root
                .or(file.site_root)
                .unwrap_or_else(default_site_root),
            log: args.log.or(file.log).unwrap_or_else(|| "info".to_owned()),
            secure_cookies: args.secure_cookies.or(file.secure_cookies).unwrap_or(false),
            upstream,
            auth,
            session,
            ops,
            exposure,
            connections,
            sign_in_limits,
            client,
            sim: SimSettings::default(),
            ledger,
        })
    }
}

fn read_file(path: &Path) -> Result<FileConfig, ConfigError> {
    let text = fs::read_to_string(path).map_err(|source| ConfigError::ReadFile {
        path: path.to_owned(),
        source,
    })?;
    toml::from_str(&text).map_err(|source| ConfigError::ParseFile {
        path: path.to_owned(),
        source: Box::new(source),
    })
}

fn validate_url(url: String) -> Result<String, ConfigError> {
    let parsed = reqwest::Url::parse(&url).map_err(|err| ConfigError::BadUrl {
        url: redact_url(&url),
        reason: err.to_string(),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(ConfigError::BadUrl {
            url: redact_url(&url),
            reason: "the scheme must be http or https".to_owned(),
        });
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// `url` with any user name and password replaced by `redacted`, for logs, pages and
/// messages; text that does not parse as a URL is cut at its last `@`.
pub fn redact_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            let _ = parsed.set_password(None);
            let _ = parsed.set_username("redacted");
            parsed.to_string().trim_end_matches('/').to_owned()
        }
        Ok(_) => url.to_owned(),
        Err(_) => match url.rsplit_once('@') {
            Some((_, rest)) => format!("redacted@{rest}"),
            None => url.to_owned(),
        },
    }
}

/// Where the built site is when nothing names it: cargo-leptos's `LEPTOS_SITE_ROOT`,
/// else `site` beside the binary's folder (`target/release/runboard` → `target/site`),
/// else `target/site` under the working directory.
pub fn default_site_root() -> PathBuf {
    if let Some(root) = std::env::var_os("LEPTOS_SITE_ROOT") {
        return PathBuf::from(root);
    }
    let beside_binary = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.join("site")));
    match beside_binary {
        Some(dir) if dir.join("pkg").is_dir() => dir,
        _ => PathBuf::from("target/site"),
    }
}

#[cfg(test)]
mod tests;
