//! Server functions' errors: which HTTP status a failure answers with, and the upstream
//! handle every Run:ai call starts from, with the signed-in caller's credentials
//! (server only).

use leptos::prelude::*;

use crate::{runai::client::Credentials, upstream::Upstream};

/// Sets the response status and returns the error to give back: a person's bad input
/// is a 4xx, an upstream failure a 502/504, never a bare 500.
pub fn fail(status: u16, message: impl Into<String>) -> ServerFnError {
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        response.set_status(status);
    }
    ServerFnError::new(message.into())
}

/// The upstream and the signed-in caller's credentials for it; a 401 when the
/// request has no live session.
pub fn upstream_call() -> Result<(Upstream, Credentials), ServerFnError> {
    let caller = crate::auth::current_caller()?;
    let upstream =
        use_context::<Upstream>().ok_or_else(|| fail(503, "no Run:ai upstream is configured"))?;
    Ok((upstream, caller.credentials))
}
