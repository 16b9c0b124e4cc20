//! The failures page's server function: the window's failed workloads (live and
//! deleted) the caller may see, grouped by cause ([`grouping`](super::grouping)).

use leptos::prelude::*;

pub use super::answer::{FailureGroup, FailuresAnswer, Tally};
use super::view::LedgerWindow;
use crate::error::AppError;

/// The failures of `window` the caller may see, by cause.
#[server(endpoint = "failures")]
pub async fn get_failures(window: LedgerWindow) -> Result<FailuresAnswer, AppError> {
    use runai::query::{
        Filter, FilterField, FilterOp, ListQuery, SortBy, SortOrder, WorkloadSelection,
    };

    let (upstream, credentials) = crate::caller::upstream_call()?;
    let now_ms = runai::model::Timestamp::now().unix_millis();
    let (from_ms, to_ms) = window.span(now_ms);
    let instant = |ms: i64| {
        runai::model::Timestamp::from_unix_millis(ms)
            .map(|t| t.to_string())
            .unwrap_or_default()
    };
    let filter = |field, op, value: String| {
        Filter::new(field, op, value).map_err(|err| AppError::bad_request(err.to_string()))
    };
    let failed = vec![
        filter(FilterField::Phase, FilterOp::Eq, "Failed".to_owned())?,
        filter(FilterField::CompletedAt, FilterOp::Ge, instant(from_ms))?,
        filter(FilterField::CompletedAt, FilterOp::Le, instant(to_ms))?,
    ];
    let query = |deleted: Option<bool>| ListQuery {
        selection: WorkloadSelection {
            deleted,
            filter_by: failed.clone(),
            search: None,
        },
        offset: None,
        limit: None,
        sort_by: Some(SortBy::CompletedAt),
        sort_order: Some(SortOrder::Desc),
    };
    let every = |deleted| {
        let query = query(deleted);
        let client = upstream.client.clone();
        let credentials = credentials.clone();
        async move { crate::every_page::every_page(&client, &credentials, &query).await }
    };
    let (live, deleted) = tokio::join!(every(None), every(Some(true)));
    let (mut workloads, live_cut) = live?;
    let (gone, gone_cut) = deleted?;
    workloads.extend(gone);
    Ok(super::grouping::group(
        &workloads,
        from_ms,
        to_ms,
        live_cut || gone_cut,
    ))
}
