//! Tests of [`super`]: identities, JWTs, revocation.

use base64::engine::general_purpose::STANDARD;

use super::*;

fn admin() -> Identity {
    Identity {
        principal: "runboard-admin".into(),
        scope: Scope::All,
        no_access: false,
        description: String::new(),
    }
}

#[test]
fn tokens_verify_expire_and_decode_with_standard_base64() {
    let tokens = Tokens::new(3600);
    let now = 1_795_000_000_000;
    for i in 0..50 {
        let identity = Identity {
            principal: format!("user-{i}"),
            ..admin()
        };
        let token = tokens.issue(&identity, "access", now);
        let payload = token.split('.').nth(1).unwrap();
        assert!(!payload.contains(['-', '_']), "{payload}");
        // What runapy does: pad and decode with the standard alphabet.
        let padded = format!("{payload}{}", "=".repeat((4 - payload.len() % 4) % 4));
        let claims: serde_json::Value =
            serde_json::from_slice(&STANDARD.decode(padded).unwrap()).unwrap();
        assert_eq!(claims["exp"], now / 1000 + 3600);
        assert_eq!(
            tokens.verify(&token, "access", now).unwrap().sub,
            format!("user-{i}")
        );
    }
    let token = tokens.issue(&admin(), "access", now);
    assert_eq!(
        tokens.verify(&token, "access", now + 3_600_000),
        Err(TokenError::Expired)
    );
    assert_eq!(
        tokens.verify(&token, "refresh", now),
        Err(TokenError::WrongType)
    );
    let tampered = token.replacen("eyJ", "eyK", 2);
    assert!(tokens.verify(&tampered, "access", now).is_err());
    assert_eq!(
        Tokens::new(3600).verify(&token, "access", now),
        Err(TokenError::BadSignature)
    );
    tokens.revoke_all(now);
    assert_eq!(
        tokens.verify(&token, "access", now),
        Err(TokenError::Revoked)
    );
    let fresh = tokens.issue(&admin(), "access", now + 1000);
    assert!(tokens.verify(&fresh, "access", now + 1000).is_ok());
}
