//! Reads a JWT's `exp` claim, to know when a token expires. The signature is not
//! checked: the token is Run:ai's to verify; we only schedule its refresh.

use base64::{
    Engine,
    engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD},
};

/// The `exp` claim (seconds since the Unix epoch), if `token` is a JWT that has one.
pub fn expiry(token: &str) -> Option<i64> {
    let payload = token.split('.').nth(1)?;
    let payload = payload.trim_end_matches('=');
    let bytes = URL_SAFE_NO_PAD
        .decode(payload)
        .or_else(|_| STANDARD_NO_PAD.decode(payload))
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims.get("exp")?.as_i64()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(claims: &str) -> String {
        format!("e30.{}.sig", URL_SAFE_NO_PAD.encode(claims))
    }

    #[test]
    fn reads_exp_from_the_payload() {
        assert_eq!(
            expiry(&jwt(r#"{"sub":"a","exp":1795000000}"#)),
            Some(1_795_000_000)
        );
        assert_eq!(expiry(&jwt(r#"{"sub":"a"}"#)), None);
        assert_eq!(expiry("not-a-jwt"), None);
        assert_eq!(expiry("a.!!!.c"), None);
    }
}
