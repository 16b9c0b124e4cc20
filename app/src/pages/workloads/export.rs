//! The table's download (server only): `GET /export/workloads.csv?<the table's URL
//! query>`, the current view with every page and the visible columns, as the caller.
//! At most [`EXPORT_CAP`] rows; a capped file says so in the `X-Runboard-Truncated`
//! header and its last line.

use axum::{
    Extension,
    extract::{RawQuery, State},
    http::{HeaderMap, header},
    response::Response,
};
use runai::{ApiError, csv::CsvWriter, query::ListQuery};
use tower_sessions::Session;

use super::{columns::Column, row::WorkloadRow, view::WorkloadsView};
use crate::{
    caller::Caller,
    download::{self, ExportSlots, Failed},
    error::AppError,
    upstream::Upstream,
    url_state::UrlQuery,
};

/// The most rows one download holds.
pub const EXPORT_CAP: usize = 10_000;
const PAGE: u16 = 500;

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

/// `GET /export/workloads.csv?<the table's URL query>`.
pub async fn workloads_csv(
    State(upstream): State<Upstream>,
    State(slots): State<ExportSlots>,
    Extension(caller): Extension<Caller>,
    session: Session,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, Failed> {
    let view = WorkloadsView::parse_whole(query.as_deref().unwrap_or_default())?;
    // Times in the zone the page's link names (UTC for the browser's own, which the
    // server does not know).
    let zone = crate::time_zone::Zone::from_param(
        runai::query::QueryParams::parse(query.as_deref().unwrap_or_default())
            .get(crate::time_zone::zone::PARAM),
    )
    .map_err(AppError::from)?;
    let _running = download::start(&slots, &session, &caller)?;
    let client = download::client_for(&upstream, &headers);
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
        csv.row(columns.iter().map(|c| {
            match c {
                Column::Created => zone.rfc3339(row.created_at.unix_millis()),
                Column::Completed => row
                    .completed_at
                    .map(|t| zone.rfc3339(t.unix_millis()))
                    .unwrap_or_default(),
                _ => c.text(row),
            }
        }));
    }
    let mut csv = csv.finish();
    if truncated {
        csv.push_str(&format!(
            "# truncated at {EXPORT_CAP} rows: narrow the filters to export the rest\n"
        ));
    }
    let mut response = download::csv_file("workloads.csv", csv);
    response.headers_mut().insert(
        header::HeaderName::from_static("x-runboard-truncated"),
        header::HeaderValue::from_static(if truncated { "true" } else { "false" }),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

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
