//! The boundary where a server function's error becomes its HTTP answer.
//!
//! Server functions fail with [`AppError`], which carries its status. server_fn answers
//! every error with a 500 and the error, encoded, as the body; [`answer_with_status`]
//! reads the error back and answers with its own status (an argument that did not
//! decode is already a 400 [`AppError`]). Errors the server raises before any server
//! function runs (no session, no session store) are written by [`error_answer`] in the
//! same encoding, so the page shows their message either way.

use app::error::AppError;
use axum::{
    body::{Body, to_bytes},
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use leptos::server_fn::error::FromServerFnError;

/// The header server_fn puts on its error answers (with the function's path).
const SERVER_FN_ERROR_HEADER: &str = "serverfnerror";
/// Error bodies are short; anything longer is not one of ours.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// Answers a server function's error with the status the error carries: to a plain
/// form (a browser posting HTML, not a script), as a page that says what went wrong
/// and links back to the page the form was on.
pub async fn answer_with_status(request: Request, next: Next) -> Response {
    let from_form = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    let back = request
        .headers()
        .get(header::REFERER)
        .and_then(|referer| referer.to_str().ok())
        .and_then(local_path);
    let response = next.run(request).await;
    if !response.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return Response::from_parts(parts, Body::empty());
    };
    let error = AppError::de(bytes.clone());
    if from_form {
        return explained_page(&error, back.as_deref());
    }
    parts.status = error.status_code();
    Response::from_parts(parts, Body::from(bytes))
}

/// The path and query of `referer`, if it is a link on this site (only those are linked
/// back to).
fn local_path(referer: &str) -> Option<String> {
    let uri = referer.parse::<axum::http::Uri>().ok()?;
    let local = uri.path_and_query()?.as_str();
    (local.starts_with('/') && !local.starts_with("//")).then(|| local.to_owned())
}

/// A small page for a form's refused change: its message and a way back.
fn explained_page(error: &AppError, back: Option<&str>) -> Response {
    let escape = |text: &str| {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let back = back.unwrap_or("/workloads");
    let body = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"color-scheme\" content=\"light dark\">\
         <title>That could not be done · Runboard</title></head><body><main>\
         <h1>That could not be done</h1><p role=\"alert\">{}</p>\
         <p><a href=\"{}\">Back to the page</a></p></main></body></html>",
        escape(&capitalised(error.message())),
        escape(back),
    );
    let mut response = (error.status_code(), body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// `text` with its first letter capitalised (messages are written to follow a colon).
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// `error` as server function `path` would answer it.
pub fn error_answer(error: &AppError, path: &str) -> Response {
    let mut response = (error.status_code(), error.ser()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Ok(path) = HeaderValue::from_str(path) {
        headers.insert(SERVER_FN_ERROR_HEADER, path);
    }
    response
}

#[cfg(test)]
mod tests {
    use axum::{Router, routing::post};
    use leptos::server_fn::error::ServerFnErrorErr;
    use tower::ServiceExt;

    use super::*;

    async fn status_through_the_boundary(error: AppError) -> (StatusCode, String) {
        through_the_boundary(error, Request::post("/api/f").body(Body::empty()).unwrap()).await
    }

    async fn through_the_boundary(error: AppError, request: Request) -> (StatusCode, String) {
        let app = Router::new()
            .route(
                "/api/f",
                post(move || {
                    let error = error.clone();
                    async move {
                        // What server_fn itself answers: a 500, whatever the error.
                        let mut response = error_answer(&error, "/api/f");
                        *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
                        response
                    }
                }),
            )
            .layer(axum::middleware::from_fn(answer_with_status));
        let response = app.oneshot(request).await.unwrap();
        let status = response.status();
        let body = to_bytes(response.into_body(), 4096).await.unwrap();
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn each_error_answers_with_the_status_it_carries() {
        let bad = AppError::from_server_fn_error(ServerFnErrorErr::Args("unknown `bogus`".into()));
        let (status, body) = status_through_the_boundary(bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("bogus"), "{body}");
        let (status, _) = status_through_the_boundary(AppError::signed_out()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, _) =
            status_through_the_boundary(AppError::from(runai::ApiError::Timeout)).await;
        assert_eq!(status, StatusCode::GATEWAY_TIMEOUT);
    }

    #[tokio::test]
    async fn a_plain_form_hears_why_on_a_page_with_a_way_back() {
        let form = |referer: &str| {
            Request::post("/api/f")
                .header(header::ACCEPT, "text/html,application/xhtml+xml")
                .header(header::REFERER, referer)
                .body(Body::empty())
                .unwrap()
        };
        let refused = AppError::new(
            app::error::ErrorKind::Forbidden,
            "only the person who saved this view, or an admin, can change it <b>",
        );
        let (status, page) =
            through_the_boundary(refused.clone(), form("http://h/queue?pool=a&x=1")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(
            page.contains("<p role=\"alert\">Only the person who saved this view"),
            "{page}"
        );
        assert!(page.contains("&lt;b&gt;"), "the message is escaped: {page}");
        assert!(page.contains("href=\"/queue?pool=a&amp;x=1\""), "{page}");
        // A referer elsewhere is not linked back to.
        let (_, page) = through_the_boundary(refused, form("https://evil.example//x")).await;
        assert!(!page.contains("evil"), "{page}");
    }
}
