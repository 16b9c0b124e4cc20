//! A request id for every request: the caller's `X-Request-Id` when it is a sane
//! token, else a fresh UUID. It is in the request's log span, on the response, and
//! sent to Run:ai with every upstream call the request makes.

use axum::{
    extract::Request,
    http::{HeaderValue, header::HeaderName},
    middleware::Next,
    response::Response,
};

/// `x-request-id`.
pub static REQUEST_ID: HeaderName = HeaderName::from_static(runai::client::REQUEST_ID);

/// Whether a caller's id may be reused: short, and only characters that cannot forge
/// log lines or headers.
fn acceptable(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Gives the request an id (kept from the caller when acceptable) and echoes it.
pub async fn assign_request_id(mut request: Request, next: Next) -> Response {
    let given = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|id| acceptable(id))
        .map(str::to_owned);
    let id = given.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let value = HeaderValue::from_str(&id).expect("checked or generated ids are header-safe");
    request
        .headers_mut()
        .insert(REQUEST_ID.clone(), value.clone());
    let mut response = next.run(request).await;
    response.headers_mut().insert(REQUEST_ID.clone(), value);
    response
}

#[cfg(test)]
mod tests {
    use super::acceptable;

    #[test]
    fn only_short_plain_ids_are_kept() {
        assert!(acceptable("3f2b-11ee_a.9"));
        assert!(!acceptable(""));
        assert!(!acceptable(&"a".repeat(65)));
        assert!(!acceptable("id\nforged log line"));
        assert!(!acceptable("a b"));
    }
}
