//! Validators: a page rendered whole and every server function's answer carry a weak
//! `ETag`, and a request whose `If-None-Match` names the current one is answered
//! `304 Not Modified` with no body, so a refresh that changes nothing costs a few
//! hundred bytes of headers.
//!
//! A server function's answer is its data, so its validator is a hash of its body. A
//! page also holds what changes on every answer (its script nonce, the time, how long
//! ago things happened), so its validator is a hash of the data it recorded while
//! rendering ([`app::conditional`]), with the URL, the session cookie and the build: a
//! page that records nothing carries none. Weak, because two answers with one validator
//! may differ in what the clock alone moves, which the browser brings forward itself.

use axum::{
    body::{Body, HttpBody},
    extract::Request,
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use base64::Engine;
use sha2::{Digest, Sha256};

use app::conditional::AnswerVersion;

/// Server-function answers larger than this are passed on without a validator (the
/// largest measured is a ledger export's page at ~200 KB).
const MAX_HASHED_BODY: u64 = 2 << 20;

/// What a request's validator is made from.
enum Kind {
    /// A page: the data it records.
    Page(AnswerVersion),
    /// A server function: its answer's body.
    ServerFunction,
}

/// Adds validators to the answers that can carry one and answers `304` to requests
/// that already hold the current answer.
pub async fn answer_conditionally(mut request: Request, next: Next) -> Response {
    let kind = if request.method() == Method::GET {
        let version = AnswerVersion::default();
        request.extensions_mut().insert(version.clone());
        Kind::Page(version)
    } else if request.method() == Method::POST && request.uri().path().starts_with("/api/") {
        Kind::ServerFunction
    } else {
        return next.run(request).await;
    };
    let held = request.headers().get(header::IF_NONE_MATCH).cloned();
    let mut named = Sha256::new();
    for part in [
        request.uri().path().as_bytes(),
        request.uri().query().unwrap_or("").as_bytes(),
        cookie(request.headers()),
        crate::BUILD.version.as_bytes(),
        crate::BUILD.commit.as_bytes(),
    ] {
        named.update((part.len() as u64).to_le_bytes());
        named.update(part);
    }

    let response = next.run(request).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(header::ETAG) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let (made_of, body) = match kind {
        Kind::Page(version) => match version.recorded() {
            Some(recorded) => (recorded, body),
            None => return Response::from_parts(parts, body),
        },
        Kind::ServerFunction => {
            if body
                .size_hint()
                .exact()
                .is_none_or(|size| size > MAX_HASHED_BODY)
            {
                return Response::from_parts(parts, body);
            }
            match axum::body::to_bytes(body, MAX_HASHED_BODY as usize).await {
                Ok(bytes) => (bytes.to_vec(), Body::from(bytes)),
                Err(err) => {
                    tracing::warn!(error = %err, "cannot read a server function's answer");
                    return (
                        StatusCode::INTERNAL_SERVER_ERROR,
                        [(header::CACHE_CONTROL, "no-store")],
                        "500 Internal Server Error: the dashboard could not finish this answer; \
                         try again.",
                    )
                        .into_response();
                }
            }
        }
    };
    named.update((made_of.len() as u64).to_le_bytes());
    named.update(&made_of);
    let etag = validator(&named.finalize());
    if held.as_ref().is_some_and(|held| names(held, &etag)) {
        return not_modified(&parts.headers, etag);
    }
    parts.headers.insert(header::ETAG, etag);
    Response::from_parts(parts, body)
}

/// The session cookie (and any other), which names whose answer this is.
fn cookie(headers: &HeaderMap) -> &[u8] {
    headers
        .get(header::COOKIE)
        .map_or(&[][..], HeaderValue::as_bytes)
}

/// `W/"<22 characters>"`: 128 bits of the hash.
fn validator(hash: &[u8]) -> HeaderValue {
    let text = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&hash[..16]);
    HeaderValue::try_from(format!("W/\"{text}\"")).expect("base64 is a valid header value")
}

/// Whether an `If-None-Match` list names `etag` (weakly: `W/` is not compared) or is
/// `*`.
fn names(held: &HeaderValue, etag: &HeaderValue) -> bool {
    let Ok(held) = held.to_str() else {
        return false;
    };
    let bare = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
    let ours = bare(etag.to_str().unwrap_or_default());
    held.split(',')
        .any(|tag| tag.trim() == "*" || bare(tag) == ours)
}

/// `304` with the validator and the headers that describe how to keep the answer.
fn not_modified(headers: &HeaderMap, etag: HeaderValue) -> Response {
    let mut response = StatusCode::NOT_MODIFIED.into_response();
    let kept = response.headers_mut();
    kept.insert(header::ETAG, etag);
    for name in [header::CACHE_CONTROL, header::VARY] {
        if let Some(value) = headers.get(&name) {
            kept.insert(name, value.clone());
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_is_compared_weakly_and_as_a_list() {
        let ours = validator(&[7; 32]);
        let text = ours.to_str().unwrap().to_owned();
        let strong = text.trim_start_matches("W/").to_owned();
        for held in [
            text.clone(),
            strong,
            format!("W/\"other\", {text}"),
            "*".to_owned(),
        ] {
            assert!(
                names(&HeaderValue::try_from(held.clone()).unwrap(), &ours),
                "{held}"
            );
        }
        assert!(!names(&HeaderValue::from_static("W/\"other\""), &ours));
        assert!(!names(&HeaderValue::from_static(""), &ours));
    }
}
