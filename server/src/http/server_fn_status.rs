//! Leptos answers every server-function error with 500, including arguments that do
//! not decode. Those are the caller's fault: this middleware turns them into 400 so
//! bad input never looks like a server failure.

use axum::{
    body::{Body, to_bytes},
    extract::Request,
    http::StatusCode,
    middleware::Next,
    response::Response,
};

/// The header server_fn puts on its error responses.
const SERVER_FN_ERROR_HEADER: &str = "serverfnerror";
/// Error bodies are short; anything longer is left alone.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// Rewrites a server function's 500 to 400 when its error says the arguments were bad.
pub async fn bad_arguments_are_400(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return Response::from_parts(parts, Body::empty());
    };
    if is_argument_error(&bytes) {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// server_fn encodes errors as `Kind|message`; `Args` and `Deserialization` are
/// arguments the client sent that could not be read.
fn is_argument_error(body: &[u8]) -> bool {
    body.starts_with(b"Args|") || body.starts_with(b"Deserialization|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_argument_errors_are_the_callers_fault() {
        assert!(is_argument_error(b"Args|unknown variant `bogus`"));
        assert!(is_argument_error(b"Deserialization|expected value"));
        assert!(!is_argument_error(b"ServerError|the upstream is down"));
    }
}
