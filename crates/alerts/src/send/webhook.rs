//! A message as a signed JSON webhook: the rule, its findings with absolute links, and a
//! signature header the receiver checks with the shared key, as Slack and Stripe sign
//! theirs: `X-Runboard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`
//! (the time is signed too, so an old message cannot be replayed as new).

use hmac::{Hmac, Mac};
use ledger::store::AlertMessage;
use runai::Secret;
use serde_json::json;
use sha2::Sha256;

/// The header the signature travels in.
pub const SIGNATURE_HEADER: &str = "X-Runboard-Signature";

/// The JSON body for `message` sent at `now_ms`; `link` makes a path absolute.
pub fn body(message: &AlertMessage, link: &dyn Fn(&str) -> String, now_ms: i64) -> String {
    let findings: Vec<_> = message
        .findings
        .iter()
        .map(|f| {
            json!({
                "subject": f.subject,
                "name": f.title,
                "project": f.project,
                "what": f.detail,
                "link": link(&f.link),
            })
        })
        .collect();
    json!({
        "rule": {"id": message.rule_id, "name": message.rule_name, "watching": message.watching},
        "summary": message.summary(),
        "findings": findings,
        "more": message.more,
        "sentAtMs": now_ms,
    })
    .to_string()
}

/// The header's value for `body` sent at `unix_secs`.
pub fn signature(key: &Secret, unix_secs: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.expose().as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(format!("{unix_secs}.").as_bytes());
    mac.update(body.as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("t={unix_secs},v1={hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_covers_the_time_and_the_body() {
        let key = Secret::new("k");
        let signed = signature(&key, 1_700_000_000, "{}");
        assert!(signed.starts_with("t=1700000000,v1="));
        assert_eq!(signed.len(), "t=1700000000,v1=".len() + 64);
        assert_ne!(signed, signature(&key, 1_700_000_001, "{}"));
        assert_ne!(signed, signature(&key, 1_700_000_000, "{ }"));
        assert_ne!(signed, signature(&Secret::new("j"), 1_700_000_000, "{}"));
    }
}
