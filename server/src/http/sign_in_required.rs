//! Every page, export and server function needs a signed-in caller. Without one, a
//! page visit goes to `/login?next=<that URL>`; a server function answers 401 with
//! [`AppError::signed_out`], so the page can say "sign in again". Whatever is not a
//! static file is answered `Cache-Control: no-store`: it is one person's view.

use std::sync::Arc;

use app::{auth::login_href, error::AppError};
use axum::{
    extract::{Request, State},
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use tower_sessions::Session;

use super::server_fn_errors::error_answer;
use crate::{auth::Auth, peer::ClientAddr};

/// The site's built files: public, and served without looking at the session at all
/// (a page pulls several; none needs to know who asks).
fn is_static(path: &str) -> bool {
    matches!(path, "/favicon.svg" | "/favicon.ico")
        || path.starts_with("/pkg/")
        || path.starts_with("/vendor/")
}

/// What anyone may fetch: the sign-in page and its options, health, static files, and
/// `/` (a bare redirect to `/workloads`, which then asks for sign-in itself).
fn is_public(path: &str) -> bool {
    matches!(
        path,
        "/" | "/login" | "/logout" | "/healthz" | "/readyz" | "/api/sign_in_options"
    ) || is_static(path)
}

/// Attaches the caller to the request, or turns it away.
pub async fn require_sign_in(
    State(auth): State<Arc<Auth>>,
    session: Session,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    if is_static(&path) {
        return next.run(request).await;
    }
    let mut response = admit(&auth, &session, request, next, path).await;
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(header::HeaderValue::from_static("no-store"));
    response
}

/// Lets a signed-in caller through (attached to the request), and public paths; sends
/// everyone else to sign in.
async fn admit(
    auth: &Auth,
    session: &Session,
    mut request: Request,
    next: Next,
    path: String,
) -> Response {
    let via_trusted_proxy = request
        .extensions()
        .get::<ClientAddr>()
        .is_some_and(|client| client.via_trusted_proxy);
    match auth
        .caller(session, request.headers(), via_trusted_proxy)
        .await
    {
        Ok(Some(caller)) => {
            request.extensions_mut().insert(caller);
            next.run(request).await
        }
        Ok(None) if is_public(&path) => next.run(request).await,
        Ok(None) if path.starts_with("/api/") => error_answer(&AppError::signed_out(), &path),
        Ok(None) => {
            let here = request
                .uri()
                .path_and_query()
                .map_or(path.clone(), |pq| pq.as_str().to_owned());
            Redirect::to(&login_href(&here)).into_response()
        }
        Err(err) if is_public(&path) => {
            tracing::warn!(error = %err, "session store unavailable");
            next.run(request).await
        }
        Err(err) => {
            tracing::warn!(error = %err, "session store unavailable");
            let message = "the dashboard cannot reach its session store: try again shortly";
            if path.starts_with("/api/") {
                error_answer(&AppError::unavailable(message), &path)
            } else {
                (StatusCode::SERVICE_UNAVAILABLE, message).into_response()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sign_in_health_and_static_files_are_public() {
        for path in [
            "/",
            "/login",
            "/healthz",
            "/pkg/runboard.wasm",
            "/vendor/echarts-lines.min.js",
            "/api/sign_in_options",
        ] {
            assert!(is_public(path), "{path}");
        }
        // Exact paths only: a name that merely starts like a public one is not public.
        for path in [
            "/api/sign_in_optionsx",
            "/api/sign_in_options/../workloads_page",
        ] {
            assert!(!is_public(path), "{path}");
        }
        for path in [
            "/workloads",
            "/overview",
            "/api/workloads_page",
            "/api/identity",
            "/export/workloads.csv",
            "/loginx",
            "/pkgx",
        ] {
            assert!(!is_public(path), "{path}");
        }
    }
}
