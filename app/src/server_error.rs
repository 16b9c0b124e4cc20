//! Server functions' errors: which HTTP status a failure answers with, and the upstream
//! handle every Run:ai call starts from, with the signed-in caller's credentials
//! (server only).

use leptos::prelude::*;

use crate::upstream::Upstream;
use runai::client::Credentials;

/// Sets the response status and returns the error to give back: a person's bad input
/// is a 4xx, an upstream failure a 502/503/504, never a bare 500.
///
/// A page rendered on the server keeps its own status for upstream failures: the page
/// itself answered (with the explanation in it), so it is a 200 unless its URL is bad
/// (400) or names what is missing or forbidden (404, 403). Server functions, which
/// carry the data, answer with the upstream's failure.
pub fn fail(status: u16, message: impl Into<String>) -> ServerFnError {
    let rendering_a_page = use_context::<http::request::Parts>()
        .is_some_and(|parts| !parts.uri.path().starts_with("/api/"));
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) && !(rendering_a_page && status.is_server_error())
    {
        response.set_status(status);
    }
    ServerFnError::new(message.into())
}

/// The upstream and the signed-in caller's credentials for it; a 401 when the
/// request has no live session. The client sends this request's id upstream.
pub fn upstream_call() -> Result<(Upstream, Credentials), ServerFnError> {
    let caller = crate::auth::current_caller()?;
    let mut upstream =
        use_context::<Upstream>().ok_or_else(|| fail(503, "no Run:ai upstream is configured"))?;
    let request_id = use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .headers
            .get(runai::client::REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    });
    if let Some(id) = request_id {
        upstream.client = upstream.client.with_request_id(id);
    }
    Ok((upstream, caller.credentials))
}
