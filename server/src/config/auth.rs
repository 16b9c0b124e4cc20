//! Who may use the dashboard and how their sessions are kept: the sign-in mode, the
//! service-account guard, and the session store and lifetimes.

use std::{path::PathBuf, str::FromStr, time::Duration};

use clap::ValueEnum;
use serde::Deserialize;

use super::{
    ConfigError, Secret,
    layer::{List, layered},
    secret_files::secret,
};

layered! {
    /// The `[auth]` settings: how people sign in.
    #[command(next_help_heading = "Sign-in")]
    pub struct AuthArgs => AuthValues {
        /// How people sign in: user (each with their own Run:ai access key or password),
        /// service-account (Runboard holds RUNAI_CLIENT_ID/SECRET; people pass a guard) or
        /// demo (the embedded simulator's identities) [default: demo without RUNAI_URL,
        /// user with it].
        #[arg(env = "RUNBOARD_AUTH_MODE", long = "auth-mode", value_name = "MODE")]
        mode: AuthMode,
        /// Service-account mode: the password people type to use the dashboard.
        #[arg(env = "RUNBOARD_GUARD_PASSWORD", long, value_name = "PASSWORD",
              hide_env_values = true)]
        guard_password: Secret,
        /// File holding the guard password.
        #[arg(env = "RUNBOARD_GUARD_PASSWORD_FILE", long, value_name = "FILE")]
        guard_password_file: PathBuf,
        /// Service-account mode: trust this header (e.g. X-Forwarded-User) as set by an
        /// authenticating proxy; its value names the person. Only when every request comes
        /// through that proxy, which must drop the header from clients.
        #[arg(env = "RUNBOARD_GUARD_HEADER", long, value_name = "HEADER")]
        guard_header: String,
        /// User mode: also offer sign-in with a Run:ai user name and password (the control
        /// plane must allow the password grant).
        #[arg(env = "RUNBOARD_PASSWORD_SIGN_IN", long, value_name = "BOOL")]
        password_sign_in: bool = false,
        /// People who may change or delete anyone's shared saved views, by the name the
        /// header shows them signed in as [default: in demo mode, the simulator's admin].
        #[arg(env = "RUNBOARD_ADMINS", long, value_name = "NAMES")]
        admins: List,
    }
    secrets { guard_password / guard_password_file }
}

layered! {
    /// The `[session]` settings: where sessions live and how long they last.
    #[command(next_help_heading = "Sessions")]
    pub struct SessionArgs => SessionValues {
        /// Redis URL (redis://host:6379/0) where replicas share sessions, Run:ai's
        /// answers (one replica asks, the others take its answer) and failed sign-in
        /// counts [default: sessions in memory, answers and counts per process].
        #[arg(env = "RUNBOARD_SESSION_REDIS_URL", long = "session-redis-url", value_name = "URL",
              hide_env_values = true)]
        redis_url: Secret,
        /// Key (32+ characters, e.g. `openssl rand -base64 32`) encrypting the Run:ai
        /// secrets kept in sessions; replicas sharing Redis must share it [default: a random
        /// key per process].
        #[arg(env = "RUNBOARD_SESSION_KEY", long = "session-key", value_name = "KEY",
              hide_env_values = true)]
        key: Secret,
        /// File holding the session key.
        #[arg(env = "RUNBOARD_SESSION_KEY_FILE", long = "session-key-file", value_name = "FILE")]
        key_file: PathBuf,
        /// Minutes a session may sit unused before it ends (a year at most).
        #[arg(env = "RUNBOARD_SESSION_IDLE_MINUTES", long = "session-idle-minutes",
              value_name = "MINUTES")]
        idle_minutes: u64 = 480; min 1; max 527_040,
        /// Hours after sign-in a session ends, however busy (a year at most).
        #[arg(env = "RUNBOARD_SESSION_MAX_HOURS", long = "session-max-hours", value_name = "HOURS")]
        max_hours: u64 = 168; min 1; max 8784,
        /// Milliseconds one call to Redis for shared answers or sign-in counts may take;
        /// past it the replica does the work alone (a slow Redis costs a request no
        /// more than this).
        #[arg(env = "RUNBOARD_REDIS_CALL_MS", long = "redis-call-ms", value_name = "MILLISECONDS")]
        redis_call_ms: u64 = 250; min 1; max 60_000,
    }
    secrets { key / key_file }
}

/// How people sign in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum AuthMode {
    /// Each person signs in with their own Run:ai access key (or user name and password)
    /// and every call runs with their permissions. The default against a real upstream.
    User,
    /// The server calls Run:ai with one access key; people pass a dashboard guard.
    ServiceAccount,
    /// The embedded simulator's demo identities, listed on the sign-in page.
    Demo,
}

impl AuthMode {
    /// The word the settings use.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMode::User => "user",
            AuthMode::ServiceAccount => "service-account",
            AuthMode::Demo => "demo",
        }
    }
}

/// What lets a person in when the server holds the Run:ai key.
#[derive(Clone, Debug)]
pub enum Guard {
    /// A password shared by the team, typed on the sign-in page.
    Password(Secret),
    /// A header set by an authenticating proxy in front of Runboard (its value names
    /// the person). Only safe when nothing can reach Runboard except through that proxy.
    TrustedHeader(axum::http::HeaderName),
}

/// The sign-in settings.
#[derive(Clone, Debug)]
pub struct AuthSettings {
    pub mode: AuthMode,
    /// Set exactly when `mode` is [`AuthMode::ServiceAccount`].
    pub guard: Option<Guard>,
    /// Whether the sign-in page offers user name + password (the control plane must
    /// allow the password grant).
    pub password_sign_in: bool,
    /// Who may change anyone's shared saved views (besides their owners).
    pub admins: Vec<String>,
}

/// Where sessions live and how long they last.
#[derive(Clone, Debug)]
pub struct SessionSettings {
    /// Redis holding the sessions, so replicas share them; `None` keeps them in memory.
    pub redis_url: Option<Secret>,
    /// The key that encrypts stored Run:ai secrets; `None` draws one at start-up (then
    /// sessions do not survive a restart and cannot be shared).
    pub key: Option<Secret>,
    /// A session unused this long ends.
    pub idle: Duration,
    /// A session ends this long after sign-in, however busy.
    pub max_age: Duration,
    /// The longest one call to Redis for what replicas share may take.
    pub redis_call_limit: Duration,
}

/// The shortest session key accepted.
pub const MIN_KEY_LEN: usize = 32;

/// Resolves the sign-in settings. `upstream_configured`: a real control plane is set;
/// `service_account`: it has an access key.
pub fn resolve_auth(
    auth: AuthValues,
    upstream_configured: bool,
    service_account: bool,
) -> Result<AuthSettings, ConfigError> {
    let mode = match auth.mode {
        Some(mode) => mode,
        None if upstream_configured => AuthMode::User,
        None => AuthMode::Demo,
    };
    let password = secret(
        "RUNBOARD_GUARD_PASSWORD",
        auth.guard_password,
        auth.guard_password_file,
    )?;
    let header = match auth.guard_header {
        Some(name) => Some(axum::http::HeaderName::from_str(&name).map_err(|_| {
            ConfigError::BadAuth(format!(
                "RUNBOARD_GUARD_HEADER “{name}” is not a header name"
            ))
        })?),
        None => None,
    };
    let guard = match (password, header) {
        (Some(_), Some(_)) => {
            return Err(ConfigError::BadAuth(
                "give RUNBOARD_GUARD_PASSWORD or RUNBOARD_GUARD_HEADER, not both".to_owned(),
            ));
        }
        (Some(password), None) => Some(Guard::Password(password)),
        (None, Some(header)) => Some(Guard::TrustedHeader(header)),
        (None, None) => None,
    };
    match mode {
        AuthMode::Demo if upstream_configured => {
            return Err(ConfigError::BadAuth(
                "demo mode signs in to the embedded simulator: unset RUNAI_URL or choose \
                 RUNBOARD_AUTH_MODE=user or service-account"
                    .to_owned(),
            ));
        }
        AuthMode::ServiceAccount if guard.is_none() => {
            return Err(ConfigError::BadAuth(
                "service-account mode lets anyone who reaches the dashboard act as its key: \
                 set RUNBOARD_GUARD_PASSWORD or RUNBOARD_GUARD_HEADER"
                    .to_owned(),
            ));
        }
        AuthMode::ServiceAccount if upstream_configured && !service_account => {
            return Err(ConfigError::BadAuth(
                "service-account mode needs RUNAI_CLIENT_ID and RUNAI_CLIENT_SECRET".to_owned(),
            ));
        }
        AuthMode::User | AuthMode::Demo if guard.is_some() => {
            return Err(ConfigError::BadAuth(format!(
                "a dashboard guard only applies to service-account mode, not {}",
                mode.as_str()
            )));
        }
        AuthMode::User | AuthMode::Demo if service_account => {
            return Err(ConfigError::BadAuth(format!(
                "RUNAI_CLIENT_ID/RUNAI_CLIENT_SECRET are only used in service-account mode; \
                 in {} mode people sign in with their own keys",
                mode.as_str()
            )));
        }
        _ => {}
    }
    Ok(AuthSettings {
        mode,
        guard,
        password_sign_in: auth.password_sign_in,
        admins: auth.admins.unwrap_or_default().0,
    })
}

/// Resolves the session settings.
pub fn resolve_session(session: SessionValues) -> Result<SessionSettings, ConfigError> {
    let key = secret("RUNBOARD_SESSION_KEY", session.key, session.key_file)?;
    if key
        .as_ref()
        .is_some_and(|key| key.expose().len() < MIN_KEY_LEN)
    {
        return Err(ConfigError::BadSession(format!(
            "RUNBOARD_SESSION_KEY must be at least {MIN_KEY_LEN} characters"
        )));
    }
    let redis_url = session.redis_url;
    if redis_url.is_some() && key.is_none() {
        return Err(ConfigError::BadSession(
            "sessions in Redis are shared by replicas, which must decrypt each other's \
             sessions: set RUNBOARD_SESSION_KEY (the same on every replica)"
                .to_owned(),
        ));
    }
    Ok(SessionSettings {
        redis_url,
        key,
        idle: Duration::from_secs(session.idle_minutes * 60),
        max_age: Duration::from_secs(session.max_hours * 3600),
        redis_call_limit: Duration::from_millis(session.redis_call_ms),
    })
}
