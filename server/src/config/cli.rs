//! The command line and environment: what `runboard --help` documents.

use std::{ffi::OsString, net::SocketAddr, path::PathBuf};

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use runai_sim::SimSettings;

use super::{
    AlertArgs, AuthArgs, ConnectionArgs, ExposureArgs, LedgerArgs, SessionArgs, SignInLimitArgs,
    layer::{Layer, layered},
    ops::OpsArgs,
    upstream::RunaiArgs,
};

/// The address the dashboard listens on when nothing else is configured.
pub const DEFAULT_ADDR: &str = "127.0.0.1:3000";

const AFTER_HELP: &str = "\
Settings are layered: built-in defaults, then the TOML file (--config), then environment
variables, then flags. Every secret can also be read from a file named by its *_FILE
variable (Docker/Kubernetes secrets); a trailing newline is dropped.

Sign-in modes: `user` (the default with RUNAI_URL) asks each person for their own Run:ai
access key (or user name and password with --password-sign-in), so Run:ai's permissions
apply to everything they see. `service-account` calls Run:ai with RUNAI_CLIENT_ID/SECRET
for everyone who passes a guard: a shared password, or a header set by an authenticating
proxy. `demo` (the default without RUNAI_URL) lists the embedded simulator's identities.
Browsers only ever hold one opaque HttpOnly session cookie (runboard_session); tokens and
keys stay on the server, keys encrypted with RUNBOARD_SESSION_KEY.

With no Run:ai URL configured, Runboard starts its embedded Run:ai simulator.

TOML keys (all optional; a table per section, lists as arrays):";

/// Runboard: a web dashboard for GPU clusters managed by NVIDIA Run:ai.
#[derive(Debug, Parser)]
#[command(name = "runboard", version = crate::VERSION)]
pub struct Cli {
    /// What to run; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// TOML settings file; environment variables and flags override it.
    #[arg(env = "RUNBOARD_CONFIG", long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// The settings, shared by every command.
    #[command(flatten)]
    pub settings: SettingsArgs,
    /// The simulator's settings.
    #[command(flatten)]
    pub sim: SimSettings,
}

impl Cli {
    /// The command line with each setting's default and the file's keys in `--help`,
    /// both read from the settings' declarations.
    pub fn command_with_defaults() -> clap::Command {
        let mut defaults = Vec::new();
        SettingsArgs::defaults(&mut defaults);
        let mut keys = Vec::new();
        SettingsArgs::file_keys(None, &mut keys);
        Cli::command()
            .after_help(format!("{AFTER_HELP}\n  {}", keys.join("\n  ")))
            .mut_args(|arg| {
                let Some((_, default)) = defaults.iter().find(|(id, _)| arg.get_id() == id) else {
                    return arg;
                };
                let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
                arg.help(format!("{help} [default: {default}]"))
            })
    }

    /// Reads the process's arguments and environment; prints help or an error and
    /// exits on `--help` or a bad value.
    pub fn from_process() -> Self {
        let matches = Self::command_with_defaults().get_matches();
        Self::from_arg_matches(&matches).unwrap_or_else(|err| err.exit())
    }

    /// Reads `args` (the first is the program's name) and the environment.
    pub fn try_from_args<I, T>(args: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        Self::from_arg_matches(&Self::command_with_defaults().try_get_matches_from(args)?)
    }
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

layered! {
    /// Every setting as one layer — flags and environment, or the file — gives it.
    pub struct SettingsArgs => SettingsValues {
        /// Address to listen on.
        #[arg(env = "RUNBOARD_ADDR", long, value_name = "HOST:PORT")]
        addr: SocketAddr = DEFAULT_ADDR.parse().expect("the default address parses"),
        /// Folder with the built site (pkg/, vendor/, favicon), for development [default:
        /// $LEPTOS_SITE_ROOT, else the site the release binary carries, else `site`
        /// beside the binary's folder, else ./target/site].
        #[arg(env = "RUNBOARD_SITE_ROOT", long, value_name = "DIR")]
        site_root: PathBuf,
        /// Log filter, in tracing's EnvFilter syntax.
        #[arg(env = "RUNBOARD_LOG", long, value_name = "FILTER")]
        log: String = "info".to_owned(),
        /// Mark the session cookie Secure; turn on when users reach Runboard over https,
        /// including behind a TLS-terminating proxy.
        #[arg(env = "RUNBOARD_SECURE_COOKIES", long, value_name = "BOOL")]
        secure_cookies: bool = false,
    }
    areas {
        runai: RunaiArgs,
        auth: AuthArgs,
        session: SessionArgs,
        exposure: ExposureArgs,
        connections: ConnectionArgs,
        sign_in_limits: SignInLimitArgs,
        ops: OpsArgs,
        ledger: LedgerArgs,
        alerts: AlertArgs,
    }
}

#[cfg(test)]
#[path = "cli_tests.rs"]
mod tests;
