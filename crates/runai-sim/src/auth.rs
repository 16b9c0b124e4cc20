//! Who may call the simulator: demo identities, and the signed JWTs it issues.
//!
//! Tokens are HS256 JWTs with `exp`, signed with a key drawn at start-up. Their
//! payload's base64url text never holds `-` or `_`, because Run:ai's Python client
//! decodes it with standard base64 (see `data/runai/NOTES.md`).

use std::sync::atomic::{AtomicI64, Ordering};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::{cluster::Scope, org::Org};

/// Someone the simulator knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// The client id or user name.
    pub principal: String,
    pub scope: Scope,
    /// Whether they hold no role that may view workloads (every workloads call is 403).
    pub no_access: bool,
    /// What the sign-in page says about them.
    pub description: String,
}

/// An access key or a user's password.
#[derive(Clone, Debug)]
struct Credential {
    id: String,
    secret: String,
    identity: Identity,
}

/// The demo identities: an admin key, and users scoped to one department each, who
/// can sign in with an access key or a password.
#[derive(Clone, Debug)]
pub struct Identities {
    keys: Vec<Credential>,
    passwords: Vec<Credential>,
}

impl Identities {
    /// The admin key `admin_id`/`admin_secret`, plus `alice` (research, cluster 1) and
    /// `bob` (applied-ml, cluster 2), whose secrets and passwords equal their names, and
    /// `guest`/`guest`, a key with no role on workloads.
    pub fn demo(admin_id: &str, admin_secret: &str, org: &Org) -> Self {
        let admin = Identity {
            principal: admin_id.to_owned(),
            scope: Scope::All,
            no_access: false,
            description: "administrator: sees every workload".to_owned(),
        };
        let guest = Identity {
            principal: "guest".to_owned(),
            scope: Scope::All,
            no_access: true,
            description: "a valid key with no role on workloads (sign-in says so)".to_owned(),
        };
        let scoped = |name: &str, department: usize| Identity {
            principal: name.to_owned(),
            scope: Scope::Department(org.departments[department].id.to_owned()),
            no_access: false,
            description: format!(
                "sees only the {} department",
                org.departments[department].name
            ),
        };
        let alice = scoped("alice", 0);
        let bob = scoped("bob", 2);
        let credential = |id: &str, secret: &str, identity: &Identity| Credential {
            id: id.to_owned(),
            secret: secret.to_owned(),
            identity: identity.clone(),
        };
        Self {
            keys: vec![
                credential(admin_id, admin_secret, &admin),
                credential("alice", "alice", &alice),
                credential("bob", "bob", &bob),
                credential("guest", "guest", &guest),
            ],
            passwords: vec![
                credential("alice", "alice", &alice),
                credential("bob", "bob", &bob),
            ],
        }
    }

    /// The identity of an access key, if the secret matches.
    pub fn by_key(&self, id: &str, secret: &str) -> Option<&Identity> {
        matching(&self.keys, id, secret)
    }

    /// The identity of a user, if the password matches.
    pub fn by_password(&self, user: &str, password: &str) -> Option<&Identity> {
        matching(&self.passwords, user, password)
    }

    /// `(client id, secret, description)` of every access key, for start-up and sign-in.
    pub fn keys(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.keys.iter().map(|c| {
            (
                c.id.as_str(),
                c.secret.as_str(),
                c.identity.description.as_str(),
            )
        })
    }
}

/// The identity whose id is `id` and whose secret equals `secret`, compared in
/// constant time (digests first, so lengths do not show either).
fn matching<'a>(credentials: &'a [Credential], id: &str, secret: &str) -> Option<&'a Identity> {
    use sha2::Digest;
    use subtle::ConstantTimeEq;
    let typed = Sha256::digest(secret.as_bytes());
    credentials
        .iter()
        .find(|c| {
            c.id == id
                && bool::from(
                    Sha256::digest(c.secret.as_bytes())
                        .as_slice()
                        .ct_eq(typed.as_slice()),
                )
        })
        .map(|c| &c.identity)
}

/// A fresh random secret (32 base64url characters) from the operating system.
pub fn random_secret() -> String {
    let mut bytes = [0u8; 24];
    getrandom::getrandom(&mut bytes).expect("the operating system's random source answers");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The claims of a simulator token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub sub: String,
    /// The department a scoped identity sees; absent for admins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// Set for identities with no role on workloads.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub noaccess: bool,
    /// `access` or `refresh`.
    pub typ: String,
    pub iat: i64,
    pub exp: i64,
    /// Varied until the payload's base64url text has no `-` or `_`.
    pub pad: u32,
}

impl Claims {
    /// The scope the token grants.
    pub fn scope(&self) -> Scope {
        self.department
            .clone()
            .map_or(Scope::All, Scope::Department)
    }
}

/// Why a bearer token is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token is not a JWT issued by this control plane")]
    Malformed,
    #[error("the token's signature does not verify")]
    BadSignature,
    #[error("the token has expired")]
    Expired,
    #[error("the token was revoked")]
    Revoked,
    #[error("a refresh token cannot be used as an access token")]
    WrongType,
}

/// Issues and verifies tokens.
pub struct Tokens {
    key: [u8; 32],
    /// Access-token lifetime, seconds.
    pub lifetime_s: i64,
    /// Tokens issued before this instant are refused (fault drill: token expiry).
    revoked_before_ms: AtomicI64,
}

const HEADER: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"; // {"alg":"HS256","typ":"JWT"}

impl Tokens {
    /// A token issuer with a fresh signing key from the operating system's random
    /// source.
    pub fn new(lifetime_s: i64) -> Self {
        let mut key = [0u8; 32];
        getrandom::getrandom(&mut key).expect("the operating system's random source answers");
        Self {
            key,
            lifetime_s,
            revoked_before_ms: AtomicI64::new(i64::MIN),
        }
    }

    fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes keys of any length")
    }

    /// Issues a token of type `typ` (`access` or `refresh`) for `identity` at `now_ms`.
    pub fn issue(&self, identity: &Identity, typ: &str, now_ms: i64) -> String {
        let lifetime = if typ == "refresh" {
            self.lifetime_s * 24
        } else {
            self.lifetime_s
        };
        let mut claims = Claims {
            iss: "runboard-sim".to_owned(),
            sub: identity.principal.clone(),
            department: match &identity.scope {
                Scope::All => None,
                Scope::Department(id) => Some(id.clone()),
            },
            noaccess: identity.no_access,
            typ: typ.to_owned(),
            iat: now_ms / 1000,
            exp: now_ms / 1000 + lifetime,
            pad: 0,
        };
        let payload = loop {
            let json = serde_json::to_vec(&claims).expect("claims serialize");
            let encoded = URL_SAFE_NO_PAD.encode(json);
            if !encoded.contains(['-', '_']) {
                break encoded;
            }
            claims.pad += 1;
        };
        let signing_input = format!("{HEADER}.{payload}");
        let mut mac = self.mac();
        mac.update(signing_input.as_bytes());
        let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("{signing_input}.{signature}")
    }

    /// Verifies a token's signature, type, expiry and revocation.
    pub fn verify(&self, token: &str, typ: &str, now_ms: i64) -> Result<Claims, TokenError> {
        let claims = self.verify_unrevoked_or_not(token, typ, now_ms)?;
        if claims.iat * 1000 < self.revoked_before_ms.load(Ordering::Relaxed) {
            return Err(TokenError::Revoked);
        }
        Ok(claims)
    }

    /// Verifies signature, type and expiry, but accepts a revoked token: for the fault
    /// controls only, so a drill that revoked every token (and took the token service
    /// down) can still switch its faults off.
    pub fn verify_unrevoked_or_not(
        &self,
        token: &str,
        typ: &str,
        now_ms: i64,
    ) -> Result<Claims, TokenError> {
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Malformed);
        };
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| TokenError::Malformed)?;
        let mut mac = self.mac();
        mac.update(format!("{header}.{payload}").as_bytes());
        mac.verify_slice(&signature)
            .map_err(|_| TokenError::BadSignature)?;
        let json = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| TokenError::Malformed)?;
        let claims: Claims = serde_json::from_slice(&json).map_err(|_| TokenError::Malformed)?;
        if claims.typ != typ {
            return Err(TokenError::WrongType);
        }
        if claims.exp * 1000 <= now_ms {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }

    /// Refuses every token issued before `now_ms` (the "token expiry" fault).
    pub fn revoke_all(&self, now_ms: i64) {
        // Tokens carry whole seconds: round up so a token issued this second is revoked too.
        self.revoked_before_ms
            .store((now_ms / 1000 + 1) * 1000, Ordering::Relaxed);
    }
}

#[cfg(test)]
#[path = "auth_tests.rs"]
mod tests;
