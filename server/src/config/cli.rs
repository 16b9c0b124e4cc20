//! The command line and environment: what `runboard --help` documents.

use std::{net::SocketAddr, path::PathBuf};

use clap::{Args, Parser, Subcommand};

use runai::client::TokenApi;

use super::Secret;
use runai_sim::SimSettings;

const AFTER_HELP: &str = "\
Settings are layered: built-in defaults, then the TOML file (--config), then environment
variables, then flags. Every secret can also be read from a file named by its *_FILE
variable (Docker/Kubernetes secrets); a trailing newline is dropped.

TOML keys (all optional):
  addr = \"127.0.0.1:3000\"        site_root = \"target/site\"
  log = \"info\"                   secure_cookies = false
  [runai]
  url = \"https://myorg.run.ai\"   client_id = \"…\"
  client_secret = \"…\"            # or client_secret_file = \"/run/secrets/runai\"
  token_api = \"v1\"               timeout_secs = 15
  [auth]
  mode = \"user\"                  # user | service-account | demo
  guard_password = \"…\"           # or guard_password_file, or guard_header = \"X-Forwarded-User\"
  password_sign_in = false
  [session]
  redis_url = \"redis://…\"        key = \"…\"  # or key_file
  idle_minutes = 480             max_hours = 168
  [exposure]
  trusted_proxies = [\"10.0.0.0/8\"]  allowed_hosts = [\"dash.example\"]
  forwarded_header = \"x-forwarded-for\"  # or \"forwarded\"
  session_max_live = 20000
  [sign_in_limits]
  session_max_per_person = 100   sign_ins_per_person_per_hour = 60
  sign_ins_per_address_per_hour = 600
  [connections]
  header_timeout_secs = 15       idle_timeout_secs = 75
  max_connections = 4096
  [ops]
  log_format = \"text\"           # or \"json\"
  metrics_addr = \"127.0.0.1:9464\"  runai_max_in_flight = 32
  runai_circuit_open_secs = 10   runai_cache_ms = 4000

Sign-in modes: `user` (the default with RUNAI_URL) asks each person for their own Run:ai
access key (or user name and password with --password-sign-in), so Run:ai's permissions
apply to everything they see. `service-account` calls Run:ai with RUNAI_CLIENT_ID/SECRET
for everyone who passes a guard: a shared password, or a header set by an authenticating
proxy. `demo` (the default without RUNAI_URL) lists the embedded simulator's identities.
Browsers only ever hold one opaque HttpOnly session cookie (runboard_session); tokens and
keys stay on the server, keys encrypted with RUNBOARD_SESSION_KEY.

With no Run:ai URL configured, Runboard starts its embedded Run:ai simulator.";

/// Runboard: a web dashboard for GPU clusters managed by NVIDIA Run:ai.
#[derive(Debug, Parser)]
#[command(name = "runboard", version, after_help = AFTER_HELP)]
pub struct Cli {
    /// What to run; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The settings, shared by every command.
    #[command(flatten)]
    pub settings: SettingsArgs,
    /// The simulator's settings.
    #[command(flatten)]
    pub sim: SimSettings,
}

/// Runboard's commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Serve the dashboard (the default).
    Serve,
    /// Run only the Run:ai control-plane simulator on --addr, for any HTTP client
    /// (get a token from /api/v1/token with a demo access key).
    Sim,
}

/// Every setting as given on the command line or in the environment; `None` means
/// "not given here", so a lower layer (the file, then the default) decides.
#[derive(Debug, Default, Clone, Args)]
pub struct SettingsArgs {
    /// TOML settings file; environment variables and flags override it.
    #[arg(long, env = "RUNBOARD_CONFIG", value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,

    /// Address to listen on [default: 127.0.0.1:3000].
    #[arg(long, env = "RUNBOARD_ADDR", value_name = "HOST:PORT", global = true)]
    pub addr: Option<SocketAddr>,

    /// Folder with the built site (pkg/, vendor/, favicon) [default: $LEPTOS_SITE_ROOT, else
    /// `site` beside the binary's folder (target/site for target/release/runboard), else
    /// ./target/site].
    #[arg(long, env = "RUNBOARD_SITE_ROOT", value_name = "DIR", global = true)]
    pub site_root: Option<PathBuf>,

    /// Log filter, in tracing's EnvFilter syntax [default: info].
    #[arg(long, env = "RUNBOARD_LOG", value_name = "FILTER", global = true)]
    pub log: Option<String>,

    /// Mark the session cookie Secure; turn on when users reach Runboard over https,
    /// including behind a TLS-terminating proxy [default: false].
    #[arg(
        long,
        env = "RUNBOARD_SECURE_COOKIES",
        value_name = "BOOL",
        global = true
    )]
    pub secure_cookies: Option<bool>,

    /// Run:ai control plane URL, e.g. https://myorg.run.ai. Unset: the embedded simulator.
    #[arg(
        long,
        env = "RUNAI_URL",
        value_name = "URL",
        hide_env_values = true,
        global = true
    )]
    pub runai_url: Option<String>,

    /// Run:ai access key client ID (service-account mode).
    #[arg(long, env = "RUNAI_CLIENT_ID", value_name = "ID", global = true)]
    pub runai_client_id: Option<String>,

    /// Run:ai access key secret. Prefer the environment or RUNAI_CLIENT_SECRET_FILE: a
    /// flag is visible to every user of the machine.
    #[arg(
        long,
        env = "RUNAI_CLIENT_SECRET",
        value_name = "SECRET",
        hide_env_values = true,
        global = true
    )]
    pub runai_client_secret: Option<Secret>,

    /// File holding the Run:ai access key secret.
    #[arg(
        long,
        env = "RUNAI_CLIENT_SECRET_FILE",
        value_name = "FILE",
        global = true
    )]
    pub runai_client_secret_file: Option<PathBuf>,

    /// Which Run:ai token API to use: v1 (JSON, `/api/v1/token`) or v2 (OAuth2 form,
    /// `/api/v2/token`) [default: v1].
    #[arg(long, env = "RUNAI_TOKEN_API", value_name = "v1|v2", global = true)]
    pub runai_token_api: Option<TokenApi>,

    /// Seconds one Run:ai request may take before it is retried or fails [default: 15].
    #[arg(
        long,
        env = "RUNAI_TIMEOUT_SECS",
        value_name = "SECONDS",
        global = true
    )]
    pub runai_timeout_secs: Option<u64>,

    /// Sign-in and sessions.
    #[command(flatten)]
    pub auth: super::AuthArgs,

    /// Metrics, logs, the upstream concurrency limit.
    #[command(flatten)]
    pub ops: super::ops::OpsArgs,

    /// Trusted proxies, allowed host names, the in-memory session cap.
    #[command(flatten)]
    pub exposure: super::ExposureArgs,

    /// Header and idle timeouts, the cap on open connections.
    #[command(flatten)]
    pub connections: super::ConnectionArgs,

    /// Successful sign-ins per person and address, sessions per person.
    #[command(flatten)]
    pub sign_in_limits: super::SignInLimitArgs,

    /// The GPU waste ledger's store and collector.
    #[command(flatten)]
    pub ledger: super::LedgerArgs,
}

#[cfg(test)]
#[path = "cli_tests.rs"]
mod tests;
