//! The `__Host-` session cookie's removal made acceptable to browsers: the session
//! layer writes it without `Secure`, and browsers ignore a `__Host-` cookie that is not
//! Secure.

use super::session::SECURE_COOKIE_NAME;

/// Adds `Secure` to every `Set-Cookie` of the `__Host-` session cookie that lacks it:
/// the session layer writes its removal cookie (at sign-out, or when a session from
/// another mode ends) without it, and browsers ignore a `__Host-` cookie that is not
/// Secure, so the cookie would outlive its session.
pub async fn secure_removals(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::{HeaderValue, header::SET_COOKIE};
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let cookies: Vec<HeaderValue> = headers.get_all(SET_COOKIE).iter().cloned().collect();
    if !cookies.iter().any(needs_secure) {
        return response;
    }
    headers.remove(SET_COOKIE);
    for cookie in cookies {
        let cookie = match needs_secure(&cookie) {
            true => HeaderValue::try_from(format!("{}; Secure", cookie.to_str().unwrap_or("")))
                .unwrap_or(cookie),
            false => cookie,
        };
        headers.append(SET_COOKIE, cookie);
    }
    response
}

/// A `Set-Cookie` of the secure session cookie without `Secure`.
fn needs_secure(cookie: &axum::http::HeaderValue) -> bool {
    let Ok(text) = cookie.to_str() else {
        return false;
    };
    text.starts_with(&format!("{SECURE_COOKIE_NAME}="))
        && !text
            .split(';')
            .any(|attribute| attribute.trim().eq_ignore_ascii_case("secure"))
}

#[cfg(test)]
mod tests {
    use axum::{
        Router,
        body::Body,
        http::{Request, header::SET_COOKIE},
        middleware,
        routing::get,
    };
    use tower::ServiceExt;

    use super::*;

    #[tokio::test]
    async fn the_secure_cookies_removal_is_secure_too() {
        let app = Router::new()
            .route(
                "/logout",
                get(|| async {
                    let mut response = axum::response::Response::new(Body::empty());
                    for cookie in [
                        "__Host-runboard_session=; Max-Age=0; Path=/; HttpOnly",
                        "other=1; Path=/",
                        "__Host-runboard_session=x; Path=/; Secure",
                    ] {
                        response
                            .headers_mut()
                            .append(SET_COOKIE, cookie.parse().unwrap());
                    }
                    response
                }),
            )
            .layer(middleware::from_fn(secure_removals));
        let response = app
            .oneshot(Request::get("/logout").body(Body::empty()).unwrap())
            .await
            .unwrap();
        let cookies: Vec<&str> = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect();
        assert_eq!(
            cookies,
            [
                "__Host-runboard_session=; Max-Age=0; Path=/; HttpOnly; Secure",
                "other=1; Path=/",
                "__Host-runboard_session=x; Path=/; Secure",
            ]
        );
    }
}
