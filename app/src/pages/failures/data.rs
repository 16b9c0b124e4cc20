//! The failures page's server function: the window's failed workloads (live and
//! deleted) the caller may see, grouped by cause ([`grouping`](super::grouping)).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::view::LedgerWindow;
use crate::error::AppError;

/// How often something occurred, by name: most first.
pub type Tally = Vec<(String, usize)>;

/// Failures with one cause.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FailureGroup {
    /// The cause's short name, for links (`cause=…`).
    pub id: String,
    /// The failure's reason and message with what varies masked.
    pub cause: String,
    pub failures: usize,
    /// Of those, how many were deleted since (the table shows them apart).
    pub deleted: usize,
    pub projects: Tally,
    pub people: Tally,
    pub node_pools: Tally,
    /// When the first and the last of them failed.
    pub first_ms: i64,
    pub last_ms: i64,
    /// The latest one's message as it was.
    pub sample: String,
    /// Failures per day of the answer's `days`.
    pub per_day: Vec<usize>,
}

impl FailureGroup {
    /// "9 of 10 on node pool a100" when one node pool holds two thirds or more of at
    /// least three failures.
    pub fn dominant_pool(&self) -> Option<String> {
        let (pool, n) = self.node_pools.first()?;
        (self.failures >= 3 && n * 3 >= self.failures * 2)
            .then(|| format!("{n} of {} on node pool {pool}", self.failures))
    }
}

/// The window's failures by cause.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FailuresAnswer {
    pub from_ms: i64,
    pub to_ms: i64,
    /// The UTC days of the trend, in order.
    pub days: Vec<i64>,
    /// Most failures first.
    pub groups: Vec<FailureGroup>,
    pub failures: usize,
    /// More failures than were read (the first 10,000 of each list are).
    pub truncated: bool,
}

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
