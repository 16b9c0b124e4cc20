//! What replicas share through Redis, besides sessions: Run:ai answers
//! ([`answers`]) and the failed-sign-in counts ([`sign_in_failures`]).
//!
//! Every name is a keyed hash under a key derived from the session key (which every
//! replica sharing Redis holds), so Redis never holds a key id, an address or a URL in
//! the clear; every call is bounded (`RUNBOARD_REDIS_CALL_MS`, 250 ms by default), so a
//! slow Redis costs a request no more than that before the replica does the work alone.

pub mod answers;
pub mod sign_in_failures;

use std::time::Duration;

use hmac::{Hmac, Mac};
use runai::Secret;
use sha2::Sha256;

/// Names in Redis: keyed hashes of their parts under a key for one purpose.
pub struct KeyedNames {
    key: [u8; 32],
    prefix: &'static str,
}

impl KeyedNames {
    /// Names starting `prefix`, under a key derived from `session_key` for `purpose`.
    pub fn new(session_key: &Secret, purpose: &str, prefix: &'static str) -> Self {
        let mut mac = Hmac::<Sha256>::new_from_slice(session_key.expose().as_bytes())
            .expect("HMAC takes keys of any length");
        mac.update(purpose.as_bytes());
        Self {
            key: mac.finalize().into_bytes().into(),
            prefix,
        }
    }

    /// The name of `parts`.
    pub fn name(&self, parts: &[&[u8]]) -> String {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes keys of any length");
        for part in parts {
            // Each part's length first: ("ab", "c") and ("a", "bc") name different things.
            mac.update(&(part.len() as u64).to_le_bytes());
            mac.update(part);
        }
        let hash: String = mac.finalize().into_bytes()[..20]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("{}{hash}", self.prefix)
    }
}

/// Why a Redis call gave no answer.
#[derive(Debug)]
pub struct RedisCallError(pub String);

/// A Redis call, bounded by `limit`.
pub async fn bounded<T>(
    limit: Duration,
    call: impl Future<Output = Result<T, fred::error::Error>>,
) -> Result<T, RedisCallError> {
    match tokio::time::timeout(limit, call).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(err)) => Err(RedisCallError(format!("Redis: {}", err.details()))),
        Err(_) => Err(RedisCallError(format!(
            "Redis did not answer within {} ms",
            limit.as_millis()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_keyed_and_unambiguous() {
        let names = KeyedNames::new(&Secret::new("k".repeat(32)), "purpose", "p:");
        let other = KeyedNames::new(&Secret::new("k".repeat(32)), "other", "p:");
        let name = names.name(&[b"ab", b"c"]);
        assert!(name.starts_with("p:") && name.len() == 42);
        assert_ne!(name, names.name(&[b"a", b"bc"]));
        assert_ne!(name, other.name(&[b"ab", b"c"]));
        assert!(!name.contains("ab"));
    }
}
