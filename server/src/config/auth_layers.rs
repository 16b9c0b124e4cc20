//! The sign-in and session settings as each layer gives them: flags and environment
//! ([`AuthArgs`], flattened into `runboard --help`) and the `[auth]`/`[session]` tables
//! of the settings file. [`super::auth`] resolves them.

use std::path::PathBuf;

use clap::Args;
use serde::Deserialize;

use super::{AuthMode, Secret};

/// The sign-in and session flags (`runboard --help`).
#[derive(Debug, Default, Clone, Args)]
pub struct AuthArgs {
    /// How people sign in: user (each with their own Run:ai access key or password),
    /// service-account (Runboard holds RUNAI_CLIENT_ID/SECRET; people pass a guard) or
    /// demo (the embedded simulator's identities) [default: demo without RUNAI_URL, user
    /// with it].
    #[arg(long, env = "RUNBOARD_AUTH_MODE", value_name = "MODE", global = true)]
    pub auth_mode: Option<AuthMode>,

    /// Service-account mode: the password people type to use the dashboard.
    #[arg(
        long,
        env = "RUNBOARD_GUARD_PASSWORD",
        value_name = "PASSWORD",
        hide_env_values = true,
        global = true
    )]
    pub guard_password: Option<Secret>,

    /// File holding the guard password.
    #[arg(
        long,
        env = "RUNBOARD_GUARD_PASSWORD_FILE",
        value_name = "FILE",
        global = true
    )]
    pub guard_password_file: Option<PathBuf>,

    /// Service-account mode: trust this header (e.g. X-Forwarded-User) as set by an
    /// authenticating proxy; its value names the person. Only when every request comes
    /// through that proxy, which must drop the header from clients.
    #[arg(
        long,
        env = "RUNBOARD_GUARD_HEADER",
        value_name = "HEADER",
        global = true
    )]
    pub guard_header: Option<String>,

    /// User mode: also offer sign-in with a Run:ai user name and password (the control
    /// plane must allow the password grant) [default: false].
    #[arg(
        long,
        env = "RUNBOARD_PASSWORD_SIGN_IN",
        value_name = "BOOL",
        global = true
    )]
    pub password_sign_in: Option<bool>,

    /// Redis URL for sessions (redis://host:6379/0), so several replicas share them
    /// [default: sessions in memory].
    #[arg(
        long,
        env = "RUNBOARD_SESSION_REDIS_URL",
        value_name = "URL",
        hide_env_values = true,
        global = true
    )]
    pub session_redis_url: Option<Secret>,

    /// Key (32+ characters, e.g. `openssl rand -base64 32`) encrypting the Run:ai secrets
    /// kept in sessions; replicas sharing Redis must share it [default: a random key per
    /// process].
    #[arg(
        long,
        env = "RUNBOARD_SESSION_KEY",
        value_name = "KEY",
        hide_env_values = true,
        global = true
    )]
    pub session_key: Option<Secret>,

    /// File holding the session key.
    #[arg(
        long,
        env = "RUNBOARD_SESSION_KEY_FILE",
        value_name = "FILE",
        global = true
    )]
    pub session_key_file: Option<PathBuf>,

    /// Minutes a session may sit unused before it ends [default: 480].
    #[arg(
        long,
        env = "RUNBOARD_SESSION_IDLE_MINUTES",
        value_name = "MINUTES",
        global = true
    )]
    pub session_idle_minutes: Option<u64>,

    /// Hours after sign-in a session ends, however busy [default: 168].
    #[arg(
        long,
        env = "RUNBOARD_SESSION_MAX_HOURS",
        value_name = "HOURS",
        global = true
    )]
    pub session_max_hours: Option<u64>,
}

/// The `[auth]` table of the settings file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthFileConfig {
    pub mode: Option<String>,
    pub guard_password: Option<Secret>,
    pub guard_password_file: Option<PathBuf>,
    pub guard_header: Option<String>,
    pub password_sign_in: Option<bool>,
}

/// The `[session]` table of the settings file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionFileConfig {
    pub redis_url: Option<Secret>,
    pub key: Option<Secret>,
    pub key_file: Option<PathBuf>,
    pub idle_minutes: Option<u64>,
    pub max_hours: Option<u64>,
}
