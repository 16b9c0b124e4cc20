//! Who a call is made as.

use std::hash::{DefaultHasher, Hash, Hasher};

use crate::runai::Secret;

/// The credentials of one call. Keys and passwords let the client mint and refresh
/// tokens itself; a bare token is used as it is until it stops working.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credentials {
    /// A Run:ai access key (application or user): client ID and secret.
    AccessKey {
        client_id: String,
        client_secret: Secret,
    },
    /// A user name and password, where the control plane allows the password grant.
    Password { username: String, password: Secret },
    /// A bearer token obtained elsewhere.
    Token(Secret),
}

impl Credentials {
    /// An access key.
    pub fn access_key(client_id: impl Into<String>, client_secret: Secret) -> Self {
        Credentials::AccessKey {
            client_id: client_id.into(),
            client_secret,
        }
    }

    /// A user name and password.
    pub fn password(username: impl Into<String>, password: Secret) -> Self {
        Credentials::Password {
            username: username.into(),
            password,
        }
    }

    /// Who these credentials are, for logs and messages (never the secret).
    pub fn principal(&self) -> &str {
        match self {
            Credentials::AccessKey { client_id, .. } => client_id,
            Credentials::Password { username, .. } => username,
            Credentials::Token(_) => "bearer token",
        }
    }

    /// Whether the client can get a new token with these credentials.
    pub(crate) fn can_mint(&self) -> bool {
        !matches!(self, Credentials::Token(_))
    }

    /// A key for the token cache: the principal plus a hash of the secret, so a
    /// changed secret never reuses the old secret's token.
    pub(crate) fn cache_key(&self) -> (u8, String, u64) {
        let (kind, secret) = match self {
            Credentials::AccessKey { client_secret, .. } => (0, client_secret),
            Credentials::Password { password, .. } => (1, password),
            Credentials::Token(token) => (2, token),
        };
        let mut hasher = DefaultHasher::new();
        secret.expose().hash(&mut hasher);
        (kind, self.principal().to_owned(), hasher.finish())
    }
}
