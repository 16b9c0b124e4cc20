//! The CSV exports, each run as the signed-in [`Caller`] the sign-in middleware
//! attached, each written by the one [`runai::csv`] writer, and at most
//! [`slots::PER_SESSION`] at once per session:
//!
//! - `GET /export/workloads.csv?<the table's URL query>`: the current view, all pages,
//!   with the visible columns. At most [`EXPORT_CAP`] rows; a capped export says so in
//!   the `X-Runboard-Truncated` header and its last line.
//! - [`upstream_csv`]: a workload's metrics and the overview's telemetry, as Run:ai
//!   writes them.
//! - `GET /export/ledger.csv?<the ledger page's URL query>`: the ledger's ranking, from
//!   its store, as the caller may see it.

mod ledger_csv;
pub mod slots;
mod upstream_csv;

use app::{
    caller::Caller,
    error::{AppError, ErrorKind},
    pages::workloads::{row::WorkloadRow, view::WorkloadsView},
    url_state::UrlState,
};
use axum::{
    Extension,
    extract::{RawQuery, State},
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
};
use runai::{
    ApiError,
    client::RunaiClient,
    query::{ListQuery, QueryParams},
};
use tokio::sync::OwnedSemaphorePermit;
use tower_sessions::Session;

pub use ledger_csv::ledger_csv;
pub use upstream_csv::{metrics_csv, telemetry_csv};

use runai::csv::CsvWriter;

use super::AppState;

/// The most rows one export holds.
pub const EXPORT_CAP: usize = 10_000;
const PAGE: u16 = 500;

/// The upstream client, sending this request's id along.
fn client_for(state: &AppState, headers: &HeaderMap) -> RunaiClient {
    match headers
        .get(runai::client::REQUEST_ID)
        .and_then(|v| v.to_str().ok())
    {
        Some(id) => state.upstream.client.with_request_id(id),
        None => state.upstream.client.clone(),
    }
}

/// A slot for one more export of this session; a [`ErrorKind::TooMany`] error when it
/// runs its most already.
fn start_export(
    state: &AppState,
    session: &Session,
    caller: &Caller,
) -> Result<OwnedSemaphorePermit, AppError> {
    let key = session.id().map_or_else(
        || format!("principal:{}", caller.principal),
        |id| id.to_string(),
    );
    state.exports.try_start(&key).ok_or_else(|| {
        AppError::new(
            ErrorKind::TooMany,
            format!(
                "{} exports are already running for you: wait for one to finish",
                slots::PER_SESSION
            ),
        )
    })
}

/// An export's failure as it answers: the error's own status and message, and for one
/// refused because others run, when to try again.
pub(crate) fn failed(error: AppError) -> Response {
    let retry = (error.kind() == ErrorKind::TooMany).then_some([(header::RETRY_AFTER, "5")]);
    (retry, error.context("the export failed")).into_response()
}

/// A CSV download named `filename`.
fn download(filename: &str, csv: String) -> Response {
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

/// Where the next page starts, from the upstream's `next`: `None` at the end. A `next`
/// that does not move forward, skips rows, or leaves the spec's int32 range would
/// repeat, lose or refuse rows, so the export stops and says why.
fn next_offset(offset: u32, next: Option<i64>, page_rows: usize) -> Result<Option<u32>, ApiError> {
    let Some(next) = next else {
        return Ok(None);
    };
    let bad = |why: String| ApiError::Decode {
        what: "workload list whose paging".to_owned(),
        at: why,
    };
    if next <= i64::from(offset) {
        return Err(bad(format!(
            "next = {next} does not move past offset {offset}"
        )));
    }
    if next > i64::from(offset) + page_rows.max(1) as i64 {
        return Err(bad(format!(
            "next = {next} skips rows after offset {offset} + {page_rows} rows"
        )));
    }
    if next > i64::from(i32::MAX) {
        return Err(bad(format!("next = {next} is past the spec's int32 range")));
    }
    Ok(Some(next as u32))
}

/// The CSV of the view in the query string.
pub async fn workloads_csv(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    session: Session,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    workloads(state, caller, session, headers, query)
        .await
        .unwrap_or_else(failed)
}

async fn workloads(
    state: AppState,
    caller: Caller,
    session: Session,
    headers: HeaderMap,
    query: Option<String>,
) -> Result<Response, AppError> {
    let view =
        WorkloadsView::from_params(&QueryParams::parse(query.as_deref().unwrap_or_default()));
    if let Some(problem) = view.problems.first() {
        return Err(AppError::bad_request(problem.to_string()));
    }
    let _running = start_export(&state, &session, &caller)?;
    let client = client_for(&state, &headers);
    let mut rows = Vec::new();
    let mut truncated = false;
    let mut offset = 0u32;
    loop {
        let page = ListQuery {
            selection: view.selection(),
            offset: Some(offset),
            limit: Some(PAGE),
            sort_by: view.sort_by,
            sort_order: Some(view.sort_order),
        };
        let list = client.list_workloads(&caller.credentials, &page).await?;
        let page_rows = list.workloads.len();
        rows.extend(list.workloads.iter().map(WorkloadRow::from_workload));
        if rows.len() >= EXPORT_CAP {
            truncated = list.next.is_some() || rows.len() > EXPORT_CAP;
            rows.truncate(EXPORT_CAP);
            break;
        }
        match next_offset(offset, list.next, page_rows)? {
            Some(next) => offset = next,
            None => break,
        }
    }
    let columns = view.visible_columns();
    let mut csv = CsvWriter::for_spreadsheets();
    csv.row(columns.iter().map(|c| c.label()));
    for row in &rows {
        csv.row(columns.iter().map(|c| c.text(row)));
    }
    let mut csv = csv.finish();
    if truncated {
        csv.push_str(&format!(
            "# truncated at {EXPORT_CAP} rows: narrow the filters to export the rest\n"
        ));
    }
    let mut response = download("workloads.csv", csv);
    response.headers_mut().insert(
        header::HeaderName::from_static("x-runboard-truncated"),
        header::HeaderValue::from_static(if truncated { "true" } else { "false" }),
    );
    Ok(response)
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
            let response = failed(AppError::new(kind, "why it failed"));
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

    #[test]
    fn paging_must_move_forward_without_gaps_within_int32() {
        assert_eq!(next_offset(0, None, 500).unwrap(), None);
        assert_eq!(next_offset(0, Some(500), 500).unwrap(), Some(500));
        assert_eq!(next_offset(500, Some(700), 200).unwrap(), Some(700));
        for (offset, next, rows) in [
            (500, 500, 500),
            (500, 0, 500),
            (0, -1, 500),
            (0, 501, 500),
            (0, 5_000_000, 500),
            (i32::MAX as u32 - 10, i32::MAX as i64 + 1, 500),
        ] {
            let err = next_offset(offset, Some(next), rows).unwrap_err();
            assert_eq!(err.status_code(), 502, "{err}");
            assert!(err.to_string().contains("paging"), "{err}");
        }
    }
}
