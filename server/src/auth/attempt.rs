//! What a person offers at sign-in and whether it holds: the form, the one way of
//! signing in it names in this mode ([`Attempt`]), and the checks of a key or password
//! (with Run:ai) and of the team password (here, in constant time).

use std::net::IpAddr;

use runai::{ApiError, Secret, client::Credentials, query::WorkloadSelection};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::Auth;
use crate::config::{AuthMode, Guard};
use app::auth::SignInProblem;

/// What the team password's attempts are counted as, beside the client address.
pub(super) const TEAM_PASSWORD: &str = "(team password)";

/// The sign-in form; which fields are filled says how the person signs in. Its
/// `Debug` shows whether a secret was given, never the secret.
#[derive(Default, Deserialize)]
pub struct SignInForm {
    pub(super) next: Option<String>,
    /// Demo mode: the demo key's client id (its secret never leaves the server).
    demo: Option<String>,
    pub(super) client_id: Option<String>,
    client_secret: Option<String>,
    pub(super) username: Option<String>,
    password: Option<String>,
    guard_password: Option<String>,
}

impl std::fmt::Debug for SignInForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hidden = |secret: &Option<String>| secret.as_ref().map(|_| "[redacted]");
        f.debug_struct("SignInForm")
            .field("next", &self.next)
            .field("demo", &self.demo)
            .field("client_id", &self.client_id)
            .field("client_secret", &hidden(&self.client_secret))
            .field("username", &self.username)
            .field("password", &hidden(&self.password))
            .field("guard_password", &hidden(&self.guard_password))
            .finish()
    }
}

/// What the person offered.
pub(super) enum Attempt {
    Key(Credentials),
    Password(Credentials),
    Guard(String),
}

impl Attempt {
    /// Who signs in, for the bounds on sessions and sign-ins: a key id or a user name
    /// (by kind: a user named like a key id is someone else), or for the team password,
    /// everyone behind the client's address.
    pub(super) fn person(&self, client: IpAddr) -> String {
        match self {
            Attempt::Key(c) => format!("key:{}", c.principal()),
            Attempt::Password(c) => format!("user:{}", c.principal()),
            Attempt::Guard(_) => format!("team:{}", super::limiter::network(client)),
        }
    }
}

/// Reads the form as one way of signing in that this mode offers.
pub(super) fn attempt(auth: &Auth, form: SignInForm) -> Result<Attempt, SignInProblem> {
    let filled = |value: Option<String>| value.filter(|v| !v.trim().is_empty());
    let personal = matches!(auth.mode, AuthMode::User | AuthMode::Demo);
    if let Some(id) = filled(form.demo) {
        return auth
            .demo_keys
            .iter()
            .find(|key| key.credentials.principal() == id)
            .map(|key| Attempt::Key(key.credentials.clone()))
            .ok_or(SignInProblem::NotOffered);
    }
    if form.client_id.is_some() || form.client_secret.is_some() {
        if !personal {
            return Err(SignInProblem::NotOffered);
        }
        return match (filled(form.client_id), filled(form.client_secret)) {
            (Some(id), Some(secret)) => Ok(Attempt::Key(Credentials::access_key(
                id.trim(),
                Secret::new(secret),
            ))),
            _ => Err(SignInProblem::Incomplete),
        };
    }
    if form.username.is_some() || form.password.is_some() {
        if !personal || !(auth.password_sign_in || auth.mode == AuthMode::Demo) {
            return Err(SignInProblem::NotOffered);
        }
        return match (filled(form.username), filled(form.password)) {
            (Some(user), Some(password)) => Ok(Attempt::Password(Credentials::password(
                user.trim(),
                Secret::new(password),
            ))),
            _ => Err(SignInProblem::Incomplete),
        };
    }
    match (&auth.guard, filled(form.guard_password)) {
        (Some(Guard::Password(_)), Some(typed)) => Ok(Attempt::Guard(typed)),
        (Some(Guard::Password(_)), None) => Err(SignInProblem::Incomplete),
        _ => Err(SignInProblem::NotOffered),
    }
}

/// Tries the credentials: a token proves the key, a count of workloads proves access.
pub(super) async fn verify(auth: &Auth, credentials: &Credentials) -> Result<(), SignInProblem> {
    let wrong = match credentials {
        Credentials::Password { .. } => SignInProblem::WrongPassword,
        _ => SignInProblem::WrongKey,
    };
    let judged = |err: ApiError| match err {
        ApiError::Unauthorized(_) | ApiError::BadRequest(_) => wrong,
        ApiError::Forbidden(_) => SignInProblem::NoAccess,
        other => {
            tracing::warn!(error = %other, "sign-in could not reach Run:ai");
            SignInProblem::Unreachable
        }
    };
    auth.client.sign_in(credentials).await.map_err(judged)?;
    match auth
        .client
        .count_workloads(credentials, &WorkloadSelection::default())
        .await
    {
        Ok(_) => Ok(()),
        Err(err @ (ApiError::Unauthorized(_) | ApiError::Forbidden(_))) => Err(judged(err)),
        // The key works; a flaky count is the pages' business, not sign-in's.
        Err(_) => Ok(()),
    }
}

/// Compares a typed password with the configured one without leaking, through
/// timing, how much of it matched (digests first, so lengths do not show either).
pub(super) fn same_secret(typed: &str, expected: &Secret) -> bool {
    let a = Sha256::digest(typed.as_bytes());
    let b = Sha256::digest(expected.expose().as_bytes());
    a.as_slice().ct_eq(b.as_slice()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_debug_never_shows_a_secret() {
        let form = SignInForm {
            client_id: Some("alice".to_owned()),
            client_secret: Some("s3cret-value".to_owned()),
            password: Some("hunter2".to_owned()),
            guard_password: Some("team-pass".to_owned()),
            ..Default::default()
        };
        let shown = format!("{form:?}");
        for secret in ["s3cret-value", "hunter2", "team-pass"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(
            shown.contains("alice") && shown.contains("[redacted]"),
            "{shown}"
        );
    }

    #[test]
    fn the_guard_password_must_match_exactly() {
        let expected = Secret::new("team-password");
        assert!(same_secret("team-password", &expected));
        assert!(!same_secret("team-passwor", &expected));
        assert!(!same_secret("", &expected));
    }
}
