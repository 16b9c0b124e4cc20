//! Sign-in: who may use the dashboard, and with which Run:ai credentials.
//!
//! - [`Auth`]: the mode, the guard, the demo keys and the session sealer; turns a
//!   request's session (or trusted proxy header) into the [`Caller`] server functions
//!   act for.
//! - [`login`]: `POST /login` and `POST /logout`; `attempt`: what a person offers
//!   and whether it holds.
//! - [`record`]: what a session keeps (sealed key, lifetimes, keep-alive).
//! - [`Sealer`]: encryption at rest of the Run:ai secrets sessions keep (`alerts::seal`).
//! - [`limiter`]: failed sign-ins per address and per key, counted in this process;
//!   [`failures`]: the same limits counted by every replica together through Redis.
//! - [`sign_in_rate`]: successful sign-ins per person and per address.
//! - [`person_sessions`]: each person's sessions, the oldest ended past a bound.
//! - [`next`]: where sign-in returns to (same-site paths only).

mod attempt;
pub mod failures;
pub mod limiter;
pub mod login;
pub mod next;
pub mod person_sessions;
pub mod record;
pub mod sign_in_rate;

use std::{sync::Arc, time::Duration};

use app::{
    auth::{DemoIdentity, GuardKind, SignInOptions},
    caller::Caller,
};
use axum::http::HeaderMap;
use runai::client::{Credentials, RunaiClient};
use tower_sessions::{Session, SessionStore};

use crate::{
    config::{AuthMode, Guard, Settings},
    upstream::{DemoKey, Started},
};

pub use alerts::seal::Sealer;
pub use failures::FailureLimits;
pub use limiter::SignInLimiter;
pub use person_sessions::PersonSessions;
pub use record::{KEEP_ALIVE_SECS, SIGNED_IN, SignedIn};
pub use sign_in_rate::SignInRate;

use record::{StoredKey, keep_alive};

/// The sign-in state of the server.
pub struct Auth {
    pub mode: AuthMode,
    pub guard: Option<Guard>,
    pub password_sign_in: bool,
    /// Service-account mode: the key everyone's calls use.
    pub service_account: Option<Credentials>,
    pub demo_keys: Vec<DemoKey>,
    pub sealer: Sealer,
    pub max_age: Duration,
    /// Failed sign-ins per address and per key.
    pub limiter: FailureLimits,
    /// Successful sign-ins per person and per address.
    pub sign_in_rate: SignInRate,
    /// Each person's sessions, so that a further sign-in ends their own oldest.
    pub person_sessions: PersonSessions,
    /// Where sessions are kept, to end those pushed out.
    pub sessions: Arc<dyn SessionStore>,
    /// To try credentials at sign-in.
    pub client: RunaiClient,
    /// What the sign-in page shows.
    pub options: SignInOptions,
}

impl Auth {
    /// The sign-in state for `settings` over the started upstream, with sessions kept
    /// in `sessions` and failed sign-ins counted by `limiter`.
    pub fn new(
        settings: &Settings,
        started: &Started,
        sessions: Arc<dyn SessionStore>,
        limiter: FailureLimits,
    ) -> Self {
        let mode = settings.auth.mode;
        let demo_keys = if mode == AuthMode::Demo {
            started.demo_keys.clone()
        } else {
            vec![]
        };
        let options = SignInOptions {
            mode: mode.as_str().to_owned(),
            demo_identities: demo_keys
                .iter()
                .map(|key| DemoIdentity {
                    id: key.credentials.principal().to_owned(),
                    description: key.description.clone(),
                })
                .collect(),
            password_sign_in: settings.auth.password_sign_in,
            guard: settings.auth.guard.as_ref().map(|guard| match guard {
                Guard::Password(_) => GuardKind::Password,
                Guard::TrustedHeader(_) => GuardKind::Header,
            }),
        };
        Self {
            mode,
            guard: settings.auth.guard.clone(),
            password_sign_in: settings.auth.password_sign_in,
            service_account: (mode == AuthMode::ServiceAccount)
                .then(|| started.service_account.clone())
                .flatten(),
            demo_keys,
            sealer: Sealer::new(
                settings.session.key.as_ref(),
                alerts::seal::Purpose::Sessions,
            ),
            max_age: settings.session.max_age,
            limiter,
            sign_in_rate: SignInRate::new(&settings.sign_in_limits),
            person_sessions: PersonSessions::new(
                settings.sign_in_limits.session_max_per_person,
                settings.exposure.session_max_live,
                settings.session.max_age,
            ),
            sessions,
            client: started.upstream.client.clone(),
            options,
        }
    }

    /// The person this request is made for, if signed in: from the sign-in proxy's
    /// header (believed only when `via_trusted_proxy`), or from the session. A session
    /// past its absolute lifetime, from another mode, or sealed under another key is
    /// ended here.
    pub async fn caller(
        &self,
        session: &Session,
        headers: &HeaderMap,
        via_trusted_proxy: bool,
    ) -> Result<Option<Caller>, tower_sessions::session::Error> {
        if let Some(Guard::TrustedHeader(name)) = &self.guard {
            if !via_trusted_proxy {
                return Ok(None);
            }
            let person = headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::trim)
                .filter(|person| !person.is_empty());
            return Ok(person.and_then(|person| self.service_caller(person)));
        }
        let Some(signed_in) = session.get::<SignedIn>(SIGNED_IN).await? else {
            return Ok(None);
        };
        let age = chrono::Utc::now().timestamp() - signed_in.since;
        let caller = if signed_in.mode != self.mode.as_str()
            || age < 0
            || age as u64 > self.max_age.as_secs()
        {
            None
        } else if self.mode == AuthMode::ServiceAccount {
            self.service_caller(&signed_in.principal)
        } else {
            signed_in
                .sealed_key
                .as_deref()
                .and_then(|sealed| self.sealer.open(sealed))
                .and_then(|plain| serde_json::from_slice::<StoredKey>(&plain).ok())
                .map(|key| Caller {
                    principal: signed_in.principal.clone(),
                    acting_as: None,
                    credentials: key.into_credentials(),
                })
        };
        if caller.is_none() {
            tracing::info!(principal = %crate::observe::loggable(&signed_in.principal), "session ended (expired, other mode or key)");
            session.flush().await?;
        } else {
            keep_alive(session).await?;
        }
        Ok(caller)
    }

    fn service_caller(&self, person: &str) -> Option<Caller> {
        let credentials = self.service_account.clone()?;
        Some(Caller {
            principal: person.to_owned(),
            acting_as: Some(credentials.principal().to_owned()),
            credentials,
        })
    }

    /// The session record for a person signed in with `credentials` (sealed), or in
    /// service-account mode (`None`).
    fn record(&self, principal: &str, credentials: Option<&Credentials>) -> SignedIn {
        let sealed_key = credentials
            .and_then(StoredKey::from_credentials)
            .map(|key| {
                let json = serde_json::to_vec(&key).expect("a stored key serializes");
                self.sealer.seal(&json)
            });
        SignedIn {
            principal: principal.to_owned(),
            mode: self.mode.as_str().to_owned(),
            since: chrono::Utc::now().timestamp(),
            sealed_key,
            person: None,
        }
    }
}

#[cfg(test)]
mod tests;
