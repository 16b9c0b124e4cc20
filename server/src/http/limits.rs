//! Size limits on what a request may carry before any handler sees it: the URL and
//! the headers (bodies are limited by `RequestBodyLimitLayer`). Each refusal says
//! which limit and how large the request was.

use axum::{
    extract::Request,
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
};

/// The longest path and query accepted (a table view with many filters is ~1 KiB).
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// The most header bytes (names and values) accepted.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Refuses over-long URLs (414) and oversized headers (431).
pub async fn limit_sizes(request: Request, next: Next) -> Response {
    let uri = request
        .uri()
        .path_and_query()
        .map_or(0, |pq| pq.as_str().len());
    if uri > MAX_URI_BYTES {
        return (
            StatusCode::URI_TOO_LONG,
            format!("the URL is {uri} bytes; at most {MAX_URI_BYTES} are accepted"),
        )
            .into_response();
    }
    let headers: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if headers > MAX_HEADER_BYTES {
        return (
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!("the headers are {headers} bytes; at most {MAX_HEADER_BYTES} are accepted"),
        )
            .into_response();
    }
    next.run(request).await
}
