//! Who a server function acts for (server only): the signed-in caller the sign-in
//! middleware put into the request, and the upstream client with their credentials.

use leptos::prelude::*;
use runai::client::Credentials;

use crate::{error::AppError, upstream::Upstream};

/// The person a request is made for, and the Run:ai credentials it is made with
/// (inserted into the request by the sign-in middleware).
#[derive(Clone, Debug)]
pub struct Caller {
    /// Who signed in: their key's client id, user name, or the proxy's user.
    pub principal: String,
    /// Service-account mode: the key the server acts with on their behalf.
    pub acting_as: Option<String>,
    /// What Run:ai is called with.
    pub credentials: Credentials,
}

/// The signed-in caller of this request, or [`AppError::signed_out`].
pub fn current_caller() -> Result<Caller, AppError> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Caller>().cloned())
        .ok_or_else(AppError::signed_out)
}

/// The upstream, wherever a server function reads it from.
pub fn current_upstream() -> Result<Upstream, AppError> {
    use_context::<Upstream>()
        .ok_or_else(|| AppError::unavailable("no Run:ai upstream is configured"))
}

/// The upstream and the signed-in caller's credentials for it. The client sends this
/// request's id upstream.
pub fn upstream_call() -> Result<(Upstream, Credentials), AppError> {
    let caller = current_caller()?;
    let mut upstream = current_upstream()?;
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
