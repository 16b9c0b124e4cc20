//! Who may use the dashboard and how their sessions are kept: the sign-in mode, the
//! service-account guard, and the session store and lifetimes.

use std::{str::FromStr, time::Duration};

use super::{
    ConfigError, Secret,
    auth_layers::{AuthArgs, AuthFileConfig, SessionFileConfig},
    pick_secret,
};

/// How people sign in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthMode {
    /// Each person signs in with their own Run:ai access key (or user name and password)
    /// and every call runs with their permissions. The default against a real upstream.
    User,
    /// The server calls Run:ai with one access key; people pass a dashboard guard.
    ServiceAccount,
    /// The embedded simulator's demo identities, listed on the sign-in page.
    Demo,
}

/// A word that names no sign-in mode.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a sign-in mode: use user, service-account or demo")]
pub struct UnknownAuthMode(pub String);

impl FromStr for AuthMode {
    type Err = UnknownAuthMode;
    fn from_str(word: &str) -> Result<Self, UnknownAuthMode> {
        match word {
            "user" => Ok(AuthMode::User),
            "service-account" => Ok(AuthMode::ServiceAccount),
            "demo" => Ok(AuthMode::Demo),
            other => Err(UnknownAuthMode(other.to_owned())),
        }
    }
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
}

/// The shortest session key accepted.
pub const MIN_KEY_LEN: usize = 32;

/// Resolves the sign-in settings. `upstream_configured`: a real control plane is set;
/// `service_account`: it has an access key.
pub fn resolve_auth(
    args: &AuthArgs,
    file: AuthFileConfig,
    upstream_configured: bool,
    service_account: bool,
) -> Result<AuthSettings, ConfigError> {
    let mode = match (args.auth_mode, file.mode) {
        (Some(mode), _) => mode,
        (None, Some(word)) => word
            .parse()
            .map_err(|err: UnknownAuthMode| ConfigError::BadAuth(err.to_string()))?,
        (None, None) if upstream_configured => AuthMode::User,
        (None, None) => AuthMode::Demo,
    };
    let password = pick_secret(
        "RUNBOARD_GUARD_PASSWORD",
        (
            args.guard_password.clone(),
            args.guard_password_file.clone(),
        ),
        (file.guard_password, file.guard_password_file),
    )?;
    let header = match args.guard_header.clone().or(file.guard_header) {
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
        password_sign_in: args
            .password_sign_in
            .or(file.password_sign_in)
            .unwrap_or(false),
    })
}

/// Resolves the session settings.
pub fn resolve_session(
    args: &AuthArgs,
    file: SessionFileConfig,
) -> Result<SessionSettings, ConfigError> {
    let key = pick_secret(
        "RUNBOARD_SESSION_KEY",
        (args.session_key.clone(), args.session_key_file.clone()),
        (file.key, file.key_file),
    )?;
    if key
        .as_ref()
        .is_some_and(|key| key.expose().len() < MIN_KEY_LEN)
    {
        return Err(ConfigError::BadSession(format!(
            "RUNBOARD_SESSION_KEY must be at least {MIN_KEY_LEN} characters"
        )));
    }
    let redis_url = args.session_redis_url.clone().or(file.redis_url);
    if redis_url.is_some() && key.is_none() {
        return Err(ConfigError::BadSession(
            "sessions in Redis are shared by replicas, which must decrypt each other's \
             sessions: set RUNBOARD_SESSION_KEY (the same on every replica)"
                .to_owned(),
        ));
    }
    let idle_minutes = args
        .session_idle_minutes
        .or(file.idle_minutes)
        .unwrap_or(480);
    let max_hours = args.session_max_hours.or(file.max_hours).unwrap_or(168);
    if idle_minutes == 0 || max_hours == 0 {
        return Err(ConfigError::BadSession(
            "session lifetimes must be at least 1".to_owned(),
        ));
    }
    Ok(SessionSettings {
        redis_url,
        key,
        idle: Duration::from_secs(idle_minutes * 60),
        max_age: Duration::from_secs(max_hours * 3600),
    })
}
