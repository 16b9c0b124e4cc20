//! What every page's CSV download shares (server only): at most two running at once
//! per session ([`slots`]), the client that sends the request's id along, the file's
//! headers, and the one way a download answers a failure ([`Failed`]): its
//! [`AppError`], with the error's status and words as plain text. Each page's own download is its `export.rs`
//! and is routed by [`crate::pages::download_routes`].

pub mod slots;

use axum::{
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
};
use runai::client::RunaiClient;
use tokio::sync::OwnedSemaphorePermit;
use tower_sessions::Session;

pub use slots::ExportSlots;

use crate::{
    caller::Caller,
    error::{AppError, ErrorKind},
    upstream::Upstream,
};

/// The upstream client, sending this request's id along.
pub fn client_for(upstream: &Upstream, headers: &HeaderMap) -> RunaiClient {
    match headers
        .get(runai::client::REQUEST_ID)
        .and_then(|v| v.to_str().ok())
    {
        Some(id) => upstream.client.with_request_id(id),
        None => upstream.client.clone(),
    }
}

/// A slot for one more download of this session; a [`ErrorKind::TooMany`] error when
/// it runs its most already.
pub fn start(
    slots: &ExportSlots,
    session: &Session,
    caller: &Caller,
) -> Result<OwnedSemaphorePermit, AppError> {
    let key = session.id().map_or_else(
        || format!("principal:{}", caller.principal),
        |id| id.to_string(),
    );
    slots.try_start(&key).ok_or_else(|| {
        AppError::new(
            ErrorKind::TooMany,
            format!(
                "{} exports are already running for you: wait for one to finish",
                slots::PER_SESSION
            ),
        )
    })
}

/// A download's failure, as it answers: the error's own status and words, and for one
/// refused because others run, when to try again. Every download returns
/// `Result<Response, Failed>`, so `?` turns any error that is an [`AppError`] into it.
#[derive(Debug)]
pub struct Failed(AppError);

impl<E: Into<AppError>> From<E> for Failed {
    fn from(error: E) -> Self {
        Self(error.into())
    }
}

impl IntoResponse for Failed {
    fn into_response(self) -> Response {
        let error = self.0;
        let retry = (error.kind() == ErrorKind::TooMany).then_some([(header::RETRY_AFTER, "5")]);
        (retry, error.context("the export failed")).into_response()
    }
}

/// A CSV file named `filename`.
pub fn csv_file(filename: &str, csv: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        csv,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_kind_of_failure_answers_a_csv_client_with_its_status_and_words() {
        use ErrorKind as K;
        for kind in [
            K::BadRequest,
            K::SignedOut,
            K::Refused,
            K::Forbidden,
            K::NotFound,
            K::TooMany,
            K::Internal,
            K::Upstream,
            K::UpstreamResting,
            K::Unavailable,
            K::UpstreamTimeout,
        ] {
            let response = Failed::from(AppError::new(kind, "why it failed")).into_response();
            assert_eq!(response.status(), kind.status_code(), "{kind:?}");
            assert_eq!(
                response.headers()[header::CONTENT_TYPE],
                "text/plain; charset=utf-8"
            );
            assert_eq!(
                response.headers().contains_key(header::RETRY_AFTER),
                kind == K::TooMany,
                "{kind:?}"
            );
            let body = axum::body::to_bytes(response.into_body(), 1024)
                .await
                .unwrap();
            assert_eq!(&body[..], b"the export failed: why it failed");
        }
    }
}
