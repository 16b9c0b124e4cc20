//! Every refusal says why: an error status with an empty body (axum's 405, a 404 from
//! the static files, a rejection without text) gets a one-line plain-text message.

use axum::{
    body::{Body, HttpBody as _},
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::Response,
};

/// Gives empty-bodied 4xx/5xx answers a message naming the status and the request.
pub async fn explain_empty_errors(request: Request, next: Next) -> Response {
    // Both clones are cheap (a well-known method is a tag, a URI shares its bytes), so
    // answers that need no message cost no copy of the path.
    let method = request.method().clone();
    let uri = request.uri().clone();
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error())
        || response.body().size_hint().exact() != Some(0)
    {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    let message = message(status, method.as_str(), uri.path());
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(message))
}

fn message(status: StatusCode, method: &str, path: &str) -> String {
    let reason = status.canonical_reason().unwrap_or("refused");
    // The path is echoed short and printable, so the message stays one plain line.
    let path: String = path
        .chars()
        .take(200)
        .map(|c| if c.is_ascii_graphic() { c } else { '?' })
        .collect();
    match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            format!(
                "{} {reason}: {path} does not take {method}",
                status.as_u16()
            )
        }
        StatusCode::NOT_FOUND => format!("{} {reason}: nothing at {path}", status.as_u16()),
        StatusCode::GATEWAY_TIMEOUT => format!(
            "{} {reason}: {method} {path} took longer than the dashboard allows \
             (RUNBOARD_REQUEST_TIMEOUT_SECS); try a narrower view, or again shortly",
            status.as_u16()
        ),
        _ => format!("{} {reason}: {method} {path}", status.as_u16()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_status_and_the_request() {
        assert_eq!(
            message(StatusCode::METHOD_NOT_ALLOWED, "DELETE", "/login"),
            "405 Method Not Allowed: /login does not take DELETE"
        );
        assert_eq!(
            message(StatusCode::NOT_FOUND, "GET", "/pkg/x<b>\n"),
            "404 Not Found: nothing at /pkg/x<b>?"
        );
    }
}
