//! Server functions' errors: which HTTP status a failure answers with, and the upstream
//! handle every Run:ai call starts from (server only).

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

/// The upstream and the credentials this request calls it with.
pub fn upstream_call() -> Result<(Upstream, Credentials), ServerFnError> {
    let upstream =
        use_context::<Upstream>().ok_or_else(|| fail(503, "no Run:ai upstream is configured"))?;
    let credentials = upstream.service_account.clone().ok_or_else(|| {
        fail(
            401,
            "sign-in is not available yet: configure RUNAI_CLIENT_ID and RUNAI_CLIENT_SECRET",
        )
    })?;
    Ok((upstream, credentials))
}
