//! What a session keeps about its person: who, under which mode, since when, their
//! sealed Run:ai key, and when it was last renewed.

use runai::{Secret, client::Credentials};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

/// The session entry that says who signed in.
pub const SIGNED_IN: &str = "runboard.signed_in";

/// The session entry stamped (unix seconds) when a request last renewed the session.
pub(crate) const SEEN: &str = "runboard.seen";
/// How often a busy session is written back to renew its idle deadline: often enough
/// for an idle timeout of minutes, rarely enough that a page's many requests (and a
/// wall display's refreshes) do not each write to the store.
pub const KEEP_ALIVE_SECS: i64 = 60;

/// Marks the session changed when its last renewal is older than [`KEEP_ALIVE_SECS`];
/// the session layer then saves it with a fresh idle deadline.
pub(crate) async fn keep_alive(session: &Session) -> Result<(), tower_sessions::session::Error> {
    let now = chrono::Utc::now().timestamp();
    let seen = session.get::<i64>(SEEN).await?.unwrap_or(0);
    if now - seen >= KEEP_ALIVE_SECS {
        session.insert(SEEN, now).await?;
    }
    Ok(())
}

/// What a session remembers about its person. Secrets only ever sealed.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SignedIn {
    pub principal: String,
    /// The mode they signed in under; a session from another mode is not honoured.
    pub mode: String,
    /// Unix seconds of sign-in, for the absolute lifetime.
    pub since: i64,
    /// Their Run:ai key or password, sealed ([`StoredKey`] as JSON); `None` in
    /// service-account mode.
    pub sealed_key: Option<String>,
    /// Whose sessions it counts among ([`super::person_sessions`]); set at sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
}

/// The credentials a session keeps to mint fresh tokens (only ever stored sealed).
#[derive(Serialize, Deserialize)]
pub(crate) enum StoredKey {
    AccessKey { id: String, secret: String },
    Password { user: String, password: String },
}

impl StoredKey {
    pub(crate) fn from_credentials(credentials: &Credentials) -> Option<Self> {
        match credentials {
            Credentials::AccessKey {
                client_id,
                client_secret,
            } => Some(StoredKey::AccessKey {
                id: client_id.clone(),
                secret: client_secret.expose().to_owned(),
            }),
            Credentials::Password { username, password } => Some(StoredKey::Password {
                user: username.clone(),
                password: password.expose().to_owned(),
            }),
            Credentials::Token(_) => None,
        }
    }

    pub(crate) fn into_credentials(self) -> Credentials {
        match self {
            StoredKey::AccessKey { id, secret } => Credentials::access_key(id, Secret::new(secret)),
            StoredKey::Password { user, password } => {
                Credentials::password(user, Secret::new(password))
            }
        }
    }
}
