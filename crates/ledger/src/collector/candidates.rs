//! The workloads a round asks metrics for: every one, live or deleted, that may have
//! held GPUs between the round's start and end.

use runai::{
    client::{Credentials, RunaiClient},
    model::{Phase, Workload},
    query::{Filter, FilterField, FilterOp, ListQuery, SortBy, SortOrder, WorkloadSelection},
};
use uuid::Uuid;

use super::Budget;
use crate::{error::LedgerError, store::WorkloadFacts};

/// Rows per list call: the API's largest page.
pub(super) const PAGE: u16 = 500;

/// A workload to collect.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub id: Uuid,
    pub facts: WorkloadFacts,
    pub created_ms: i64,
    /// When it stopped holding GPUs for good (completed or deleted), if it has.
    pub ended_ms: Option<i64>,
}

pub(super) fn filter(
    field: FilterField,
    op: FilterOp,
    value: String,
) -> Result<Filter, LedgerError> {
    Filter::new(field, op, value).map_err(|err| LedgerError::Query(err.to_string()))
}

fn asks_for_gpus(w: &Workload) -> bool {
    let requested = w.workload_requested_resources.as_ref().is_some_and(|r| {
        r.gpu.as_ref().and_then(|g| g.request.get()).unwrap_or(0.0) > 0.0
            || r.gpu_memory
                .as_ref()
                .is_some_and(|m| m.request.as_ref().is_some())
    });
    let allocated = w
        .allocated_resources
        .as_ref()
        .and_then(|a| a.gpu.get())
        .unwrap_or(0.0)
        > 0.0;
    requested || allocated
}

fn candidate(w: &Workload) -> Candidate {
    let pools = w
        .current_node_pools
        .clone()
        .filter(|p| !p.is_empty())
        .or_else(|| w.requested_node_pools.clone())
        .unwrap_or_default();
    let ended_ms = [
        w.completed_at.as_ref().map(|t| t.unix_millis()),
        w.deleted_at.map(|t| t.unix_millis()),
    ]
    .into_iter()
    .flatten()
    .min();
    Candidate {
        id: w.id,
        facts: WorkloadFacts {
            id: w.id.to_string(),
            name: w.name.clone(),
            cluster_id: w.cluster_id.to_string(),
            project_id: w.project_id.clone(),
            project_name: w.project_name.clone(),
            department_id: w.department_id.clone(),
            department_name: w.department_name.clone(),
            submitted_by: w.submitted_by.clone().unwrap_or_default(),
            nodepool: pools.join(","),
        },
        created_ms: w.created_at.unix_millis(),
        ended_ms,
    }
}

/// Every page of `query`, each call within the budget.
pub(super) async fn all_pages(
    client: &RunaiClient,
    credentials: &Credentials,
    budget: &Budget,
    mut query: ListQuery,
) -> Result<Vec<Workload>, LedgerError> {
    let mut rows = Vec::new();
    loop {
        budget.take().await;
        let page =
            std::sync::Arc::unwrap_or_clone(client.list_workloads(credentials, &query).await?);
        rows.extend(page.workloads);
        match page.next.and_then(|next| u32::try_from(next).ok()) {
            Some(next) if next > query.offset.unwrap_or(0) => query.offset = Some(next),
            _ => return Ok(rows),
        }
    }
}

/// The workloads that may have held GPUs in `[from_ms, to_ms)`.
pub async fn list(
    client: &RunaiClient,
    credentials: &Credentials,
    budget: &Budget,
    from_ms: i64,
    to_ms: i64,
) -> Result<Vec<Candidate>, LedgerError> {
    let instant = |ms: i64| {
        runai::model::Timestamp::from_unix_millis(ms)
            .map(|t| t.to_string())
            .unwrap_or_default()
    };
    let query = |deleted: Option<bool>, filter_by: Vec<Filter>| ListQuery {
        selection: WorkloadSelection {
            deleted,
            filter_by,
            search: None,
        },
        offset: None,
        limit: Some(PAGE),
        sort_by: Some(SortBy::CreatedAt),
        sort_order: Some(SortOrder::Asc),
    };
    let created_before = filter(FilterField::CreatedAt, FilterOp::Le, instant(to_ms))?;
    let deleted_after = filter(FilterField::DeletedAt, FilterOp::Ge, instant(from_ms))?;
    let mut workloads = all_pages(
        client,
        credentials,
        budget,
        query(None, vec![created_before.clone()]),
    )
    .await?;
    workloads.extend(
        all_pages(
            client,
            credentials,
            budget,
            query(Some(true), vec![created_before, deleted_after]),
        )
        .await?,
    );
    let mut candidates: Vec<Candidate> = workloads
        .iter()
        .filter(|w| asks_for_gpus(w))
        .filter(|w| {
            // Held GPUs at some point: it ran, or runs now.
            w.total_running_time_seconds.get().unwrap_or(0) > 0
                || matches!(
                    w.phase,
                    Phase::Running | Phase::Degraded | Phase::Initializing
                )
        })
        .map(candidate)
        .filter(|c| c.created_ms < to_ms && c.ended_ms.is_none_or(|end| end >= from_ms))
        .collect();
    candidates.sort_by(|a, b| a.facts.id.cmp(&b.facts.id));
    candidates.dedup_by(|a, b| a.facts.id == b.facts.id);
    Ok(candidates)
}
