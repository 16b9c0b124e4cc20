//! The spec's `Error` answer, which every endpoint (the token endpoints and the
//! injected faults included) fails with.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use runai::model::ErrorBody;

/// An answer with the spec's `Error` body.
pub fn error(status: StatusCode, message: impl Into<String>) -> Response {
    let body = ErrorBody {
        code: status.as_u16(),
        message: message.into(),
        details: None,
    };
    (status, Json(body)).into_response()
}
