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

/// Answers a server function's error with the status the error carries.
pub async fn answer_with_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if !response.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return Response::from_parts(parts, Body::empty());
    };
    parts.status = AppError::de(bytes.clone()).status_code();
    Response::from_parts(parts, Body::from(bytes))
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
        let response = app
            .oneshot(Request::post("/api/f").body(Body::empty()).unwrap())
            .await
            .unwrap();
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
}
