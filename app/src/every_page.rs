//! Every page of a list (server only), for what reads a whole selection: the table's
//! CSV, the table narrowed to a GPU state, the failures page. At most [`EXPORT_CAP`]
//! rows, 500 a call, in the query's order; the upstream's paging is checked as it goes.

use runai::{
    ApiError,
    client::{Credentials, RunaiClient},
    model::Workload,
    query::ListQuery,
};

use crate::error::AppError;

/// The most rows read for one answer.
pub const EXPORT_CAP: usize = 10_000;
/// Rows per call: the API's largest page.
pub const PAGE: u16 = 500;

/// Where the next page starts, from the upstream's `next`: `None` at the end. A `next`
/// that does not move forward, skips rows, or leaves the spec's int32 range would
/// repeat, lose or refuse rows, so the export stops and says why.
pub fn next_offset(
    offset: u32,
    next: Option<i64>,
    page_rows: usize,
) -> Result<Option<u32>, ApiError> {
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

/// Every page of `query` (its selection and order; its offset and limit are set here),
/// at most [`EXPORT_CAP`] rows, and whether more were left.
pub async fn every_page(
    client: &RunaiClient,
    credentials: &Credentials,
    query: &ListQuery,
) -> Result<(Vec<Workload>, bool), AppError> {
    let mut rows = Vec::new();
    let mut offset = 0u32;
    loop {
        let page = ListQuery {
            offset: Some(offset),
            limit: Some(PAGE),
            ..query.clone()
        };
        let list = client.list_workloads(credentials, &page).await?;
        let page_rows = list.workloads.len();
        rows.extend(list.workloads.iter().cloned());
        if rows.len() >= EXPORT_CAP {
            let truncated = list.next.is_some() || rows.len() > EXPORT_CAP;
            rows.truncate(EXPORT_CAP);
            return Ok((rows, truncated));
        }
        match next_offset(offset, list.next, page_rows)? {
            Some(next) => offset = next,
            None => return Ok((rows, false)),
        }
    }
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
