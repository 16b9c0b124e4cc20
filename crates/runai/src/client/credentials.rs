//! Who a call is made as.

use std::sync::OnceLock;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::Secret;

/// What every per-caller cache keys a caller by (the token and read caches here, and
/// any a page keeps): the kind of credential, its principal, and a keyed hash of its
/// secret. Two identities of the same name (a user called like an access key's client
/// id, or a key whose secret changed) never share an entry. Its `Debug` shows the kind
/// and the principal, never the hash.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CallerKey {
    kind: u8,
    principal: String,
    secret: [u8; 32],
}

impl std::fmt::Debug for CallerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallerKey")
            .field("kind", &self.kind)
            .field("principal", &self.principal)
            .finish_non_exhaustive()
    }
}

/// The key of the secrets' hashes: drawn once per process from the operating system,
/// so a hash in memory (or a heap dump) cannot be tested against guessed secrets
/// offline, and no two processes hash alike.
fn hash_key() -> &'static [u8; 32] {
    static KEY: OnceLock<[u8; 32]> = OnceLock::new();
    KEY.get_or_init(|| {
        let mut key = [0u8; 32];
        getrandom::getrandom(&mut key).expect("the operating system's random source answers");
        key
    })
}

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

    /// The key of every per-caller cache: the kind, the principal plus an HMAC-SHA256
    /// of the secret under a per-process random key, so a changed secret never reuses
    /// the old secret's entries and the secret itself is never kept as a key.
    pub fn cache_key(&self) -> CallerKey {
        let (kind, secret) = self.kind_and_secret();
        CallerKey {
            kind,
            principal: self.principal().to_owned(),
            secret: keyed_hash(secret.expose().as_bytes()),
        }
    }

    /// A short keyed hash of the secret (see [`secret_fingerprint`]).
    pub fn fingerprint(&self) -> u64 {
        secret_fingerprint(self.kind_and_secret().1.expose().as_bytes())
    }

    pub(super) fn kind_and_secret(&self) -> (u8, &Secret) {
        match self {
            Credentials::AccessKey { client_secret, .. } => (0, client_secret),
            Credentials::Password { password, .. } => (1, password),
            Credentials::Token(token) => (2, token),
        }
    }
}

/// HMAC-SHA256 of `bytes` under the per-process key.
fn keyed_hash(bytes: &[u8]) -> [u8; 32] {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(hash_key()).expect("HMAC takes keys of any length");
    mac.update(bytes);
    mac.finalize().into_bytes().into()
}

/// A 64-bit keyed hash of a secret, to tell attempts with different secrets apart
/// (sign-in throttling) without keeping the secret or a plain hash of it.
pub fn secret_fingerprint(secret: &[u8]) -> u64 {
    let hash = keyed_hash(secret);
    u64::from_le_bytes(hash[..8].try_into().expect("8 bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_key_is_a_keyed_hash_that_tells_secrets_apart() {
        let key = |secret: &str| Credentials::access_key("alice", Secret::new(secret)).cache_key();
        assert_eq!(key("one"), key("one"));
        assert_ne!(key("one"), key("two"));
        // Not the bare hash of the secret: the per-process key is mixed in.
        use sha2::Digest;
        let bare: [u8; 32] = Sha256::digest(b"one").into();
        assert_ne!(key("one").secret, bare);
        assert!(
            !format!("{:?}", key("one")).contains("secret"),
            "the hash never prints"
        );
        let password = Credentials::password("alice", Secret::new("one")).cache_key();
        assert_ne!(
            password,
            key("one"),
            "the kind of credential is part of the key"
        );
    }
}
