//! Encryption at rest for what Runboard keeps that is itself a secret: the Run:ai
//! secrets a session keeps (to mint fresh tokens) and alert rules' destinations (a
//! webhook URL lets whoever holds it post). ChaCha20-Poly1305 under a key derived from
//! `RUNBOARD_SESSION_KEY` with HKDF-SHA256, bound to one use ([`Purpose`]), a fresh
//! random nonce per value. Whoever reads the store sees only ciphertext.

use base64::{Engine, engine::general_purpose::STANDARD_NO_PAD};
use chacha20poly1305::{
    ChaCha20Poly1305, KeyInit, Nonce,
    aead::{Aead, AeadCore, OsRng},
};
use hkdf::Hkdf;
use sha2::Sha256;

use runai::Secret;

/// Seals and opens session secrets.
#[derive(Clone)]
pub struct Sealer {
    cipher: ChaCha20Poly1305,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(…)")
    }
}

const NONCE_LEN: usize = 12;

/// What a sealer seals: HKDF's `info`, which binds the derived key to that one use, so
/// the same configured key never doubles as a key for anything else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Secrets a session keeps.
    Sessions,
    /// Alert rules' destinations.
    AlertTargets,
}

impl Purpose {
    fn info(self) -> &'static [u8] {
        match self {
            Purpose::Sessions => b"runboard session sealing v1",
            Purpose::AlertTargets => b"runboard alert target sealing v1",
        }
    }
}

impl Sealer {
    /// A sealer for `purpose` keyed by `key` (any length; HKDF-SHA256 derives 256 bits
    /// from it), or by a random key when none is configured (what it seals then opens
    /// only in this process).
    pub fn new(key: Option<&Secret>, purpose: Purpose) -> Self {
        let cipher = match key {
            Some(key) => {
                let mut derived = [0u8; 32];
                Hkdf::<Sha256>::new(None, key.expose().as_bytes())
                    .expand(purpose.info(), &mut derived)
                    .expect("32 bytes is a valid HKDF-SHA256 output length");
                ChaCha20Poly1305::new(&derived.into())
            }
            None => ChaCha20Poly1305::new(&ChaCha20Poly1305::generate_key(&mut OsRng)),
        };
        Self { cipher }
    }

    /// `plain`, encrypted and authenticated, as base64 text.
    pub fn seal(&self, plain: &[u8]) -> String {
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(&nonce, plain)
            .expect("ChaCha20-Poly1305 encrypts any message that fits in memory");
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        STANDARD_NO_PAD.encode(bytes)
    }

    /// The plain text of a sealed value; `None` when it was sealed under another key or
    /// tampered with.
    pub fn open(&self, sealed: &str) -> Option<Vec<u8>> {
        let bytes = STANDARD_NO_PAD.decode(sealed).ok()?;
        if bytes.len() < NONCE_LEN {
            return None;
        }
        let (nonce, body) = bytes.split_at(NONCE_LEN);
        self.cipher.decrypt(Nonce::from_slice(nonce), body).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_with_the_same_key_only() {
        let key = Secret::new("a-session-key-of-at-least-32-chars!!");
        let sealer = Sealer::new(Some(&key), Purpose::Sessions);
        let sealed = sealer.seal(b"alice's client secret");
        assert!(!sealed.contains("secret"), "the store sees ciphertext");
        assert_eq!(
            sealer.open(&sealed).as_deref(),
            Some(&b"alice's client secret"[..])
        );
        assert_eq!(
            Sealer::new(Some(&key), Purpose::Sessions)
                .open(&sealed)
                .as_deref(),
            Some(&b"alice's client secret"[..]),
            "another replica with the same key opens it"
        );
        let other = Sealer::new(
            Some(&Secret::new("another-key-of-at-least-32-characters")),
            Purpose::Sessions,
        );
        assert_eq!(other.open(&sealed), None);
        let targets = Sealer::new(Some(&key), Purpose::AlertTargets);
        assert_eq!(targets.open(&sealed), None, "one key per purpose");
        assert_eq!(Sealer::new(None, Purpose::Sessions).open(&sealed), None);
    }

    #[test]
    fn tampering_and_garbage_are_refused() {
        let sealer = Sealer::new(None, Purpose::Sessions);
        let sealed = sealer.seal(b"x");
        let mut tampered = sealed.clone().into_bytes();
        let last = tampered.len() - 2;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(sealer.open(std::str::from_utf8(&tampered).unwrap()), None);
        assert_eq!(sealer.open("not base64!"), None);
        assert_eq!(sealer.open(""), None);
    }

    #[test]
    fn the_key_is_derived_with_hkdf_not_a_bare_hash() {
        use chacha20poly1305::aead::Aead;
        use sha2::Digest;
        let key = Secret::new("a-session-key-of-at-least-32-chars!!");
        let sealed = Sealer::new(Some(&key), Purpose::Sessions).seal(b"x");
        // A cipher keyed by the bare SHA-256 of the key cannot open it.
        let bare = ChaCha20Poly1305::new(&Sha256::digest(key.expose().as_bytes()));
        let bytes = STANDARD_NO_PAD.decode(&sealed).unwrap();
        let (nonce, body) = bytes.split_at(NONCE_LEN);
        assert!(bare.decrypt(Nonce::from_slice(nonce), body).is_err());
    }

    #[test]
    fn the_same_value_seals_differently_each_time() {
        let sealer = Sealer::new(None, Purpose::Sessions);
        assert_ne!(sealer.seal(b"same"), sealer.seal(b"same"));
    }
}
