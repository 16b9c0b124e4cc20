//! Every kind's status, the statuses Run:ai's errors keep, and errors through JSON.

use super::*;

#[test]
fn upstream_errors_keep_the_clients_status() {
    let error = AppError::from(runai::ApiError::Timeout);
    assert_eq!(error.status(), 504);
    assert_eq!(error.kind(), ErrorKind::UpstreamTimeout);
    assert_eq!(error.message(), "Run:ai did not answer in time");
    assert!(!error.is_callers_fault());
    let forbidden = AppError::from(runai::ApiError::Forbidden("x".into()));
    assert!(forbidden.is_callers_fault());
}

#[test]
fn bad_arguments_are_the_callers_fault_and_an_ended_session_is_its_own_kind() {
    let error = AppError::from_server_fn_error(ServerFnErrorErr::Args("bogus".into()));
    assert_eq!(error.status(), 400);
    assert!(error.is_callers_fault());
    assert!(AppError::signed_out().is_signed_out());
    assert!(!AppError::signed_out().is_callers_fault());
    // Run:ai refusing the credentials is not the session ending.
    let refused = AppError::from(runai::ApiError::Unauthorized("revoked".into()));
    assert_eq!(refused.status(), 401);
    assert!(!refused.is_signed_out());
}

#[test]
fn every_kind_has_one_status_and_keeps_it_through_json() {
    use ErrorKind as K;
    for (kind, status) in [
        (K::BadRequest, 400),
        (K::SignedOut, 401),
        (K::Refused, 401),
        (K::Forbidden, 403),
        (K::NotFound, 404),
        (K::TooMany, 429),
        (K::Internal, 500),
        (K::Upstream, 502),
        (K::UpstreamResting, 503),
        (K::Unavailable, 503),
        (K::UpstreamTimeout, 504),
    ] {
        let error = AppError::new(kind, "why");
        assert_eq!(error.status(), status, "{kind:?}");
        let back = AppError::de(error.ser());
        assert_eq!((back.kind(), back.status()), (kind, status));
    }
    let rest = AppError::from(runai::ApiError::Unavailable {
        reason: "x".into(),
        retry_in_s: 3,
    });
    assert_eq!((rest.kind(), rest.status()), (K::UpstreamResting, 503));
}

#[test]
fn errors_round_trip_as_json_and_foreign_answers_keep_their_words() {
    let error = AppError::signed_out();
    assert_eq!(AppError::de(error.ser()), error);
    let json = String::from_utf8(error.ser().to_vec()).unwrap();
    assert!(json.contains("sign in again"), "{json}");
    let foreign = AppError::de(Bytes::from_static(b"504 Gateway Timeout\n"));
    assert_eq!(foreign.message(), "504 Gateway Timeout");
    assert_eq!(AppError::de(Bytes::new()).status(), 502);
}

#[test]
fn kinds_are_named_as_in_json_and_found_by_their_names() {
    for kind in ErrorKind::ALL {
        let json = serde_json::to_string(&kind).unwrap();
        assert_eq!(json, format!("\"{}\"", kind.name()), "{kind:?}");
        assert_eq!(ErrorKind::from_name(kind.name()), Some(kind));
    }
    assert_eq!(ErrorKind::from_name("teapot"), None);
}
