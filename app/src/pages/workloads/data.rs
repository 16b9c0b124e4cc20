//! The server function behind the table: one page of rows, the total, and counts per
//! phase, all from the upstream's list and count endpoints.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use runai::{model::Timestamp, query::ListQuery};

use super::row::WorkloadRow;
use crate::{error::AppError, gpu_states::StateChoice};

/// One page of the table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkloadsAnswer {
    pub rows: Vec<WorkloadRow>,
    /// Workloads under the selection (all pages).
    pub total: i64,
    /// `(phase, count)` under the selection without its phase filters.
    pub phase_counts: Vec<(String, i64)>,
    /// When the upstream answered (relative times are computed against it).
    pub fetched_at: Timestamp,
    /// Narrowed or ordered by the dashboard, the selection held more workloads than it
    /// reads at once: the rest are left out.
    pub truncated: bool,
}

impl WorkloadsAnswer {
    /// What the page shows of this answer apart from the clock (for its validator).
    pub fn clock_free(&self) -> impl Serialize + '_ {
        let rows: Vec<_> = self.rows.iter().map(WorkloadRow::clock_free).collect();
        (rows, self.total, &self.phase_counts)
    }
}

/// The table's data for `query` (on the wire, a list query string in the API's own
/// words: `filterBy`, `search`, `deleted`, `sortBy`, `sortOrder`, `offset`, `limit`),
/// narrowed to running workloads whose GPUs are in `gpu_state` and to failures of the
/// cause `cause` (its id on the failures page) when they name one, and sorted by GPU
/// state (in `query`'s order) when `by_gpu_state`.
#[server(endpoint = "workloads_page")]
pub async fn get_workloads_page(
    query: ListQuery,
    gpu_state: Option<StateChoice>,
    cause: Option<String>,
    #[server(default)] by_gpu_state: bool,
) -> Result<WorkloadsAnswer, AppError> {
    use crate::components::COUNTED_PHASES;
    use runai::query::{Filter, FilterField, FilterOp};

    let (upstream, credentials) = crate::caller::upstream_call()?;
    let client = &upstream.client;
    let states = use_context::<crate::gpu_states::source::GpuStatesSource>();
    if let Some(cause) = cause.as_deref()
        && !ledger::failure_cause::is_cause_id(cause)
    {
        return Err(AppError::bad_request(
            "a cause is named by the 16 letters and digits its link on the failures page gives",
        ));
    }
    if gpu_state.is_some() || cause.is_some() || by_gpu_state {
        let view = super::view::WorkloadsView {
            filters: query.selection.filter_by.clone(),
            search: query.selection.search.clone().unwrap_or_default(),
            deleted: query.selection.deleted == Some(true),
            sort_by: query.sort_by,
            sort_by_gpu_state: by_gpu_state,
            sort_order: query
                .sort_order
                .unwrap_or(super::view::WorkloadsView::default().sort_order),
            gpu_state,
            cause,
            ..Default::default()
        };
        return narrowed(&query, &view, states.as_ref()).await;
    }

    let mut without_phase = query.selection.clone();
    without_phase
        .filter_by
        .retain(|f| f.field() != FilterField::Phase);
    let phase_selections: Vec<_> = COUNTED_PHASES
        .iter()
        .map(|phase| {
            let mut selection = without_phase.clone();
            selection.filter_by.push(
                Filter::new(FilterField::Phase, FilterOp::Eq, phase.as_str())
                    .expect("a valid filter"),
            );
            selection
        })
        .collect();
    let counts = futures_util::future::join_all(
        phase_selections
            .iter()
            .map(|s| client.count_workloads(&credentials, s)),
    );
    let (list, total, counts) = tokio::join!(
        client.list_workloads(&credentials, &query),
        client.count_workloads(&credentials, &query.selection),
        counts
    );
    let list = list?;
    let mut phase_counts = Vec::new();
    for (phase, count) in COUNTED_PHASES.iter().zip(counts) {
        phase_counts.push((phase.as_str().to_owned(), count?));
    }
    let mut rows: Vec<WorkloadRow> = list
        .workloads
        .iter()
        .map(WorkloadRow::from_workload)
        .collect();
    // Filtered to one node pool: number the pending rows by their place in its queue.
    if let Some(pool) = one_node_pool(&query)
        && rows
            .iter()
            .any(|row| row.phase == runai::model::Phase::Pending)
    {
        use super::row::QueuePlace;
        use crate::queue::{lists, queue_ahead};
        let [pending, ..] = lists::queries(Some(pool), 0)?;
        // The numbers are an extra: without them the rows still show.
        let queue: Vec<_> = client
            .list_workloads(&credentials, &pending)
            .await
            .map(|list| list.workloads.iter().map(lists::entry).collect())
            .unwrap_or_default();
        // Those the viewer cannot see count in the places, as on the queue page.
        let counter = use_context::<crate::queue::reads::HiddenCounter>().unwrap_or_default();
        let hidden: Vec<_> = match &counter.0 {
            Some(key) => client
                .list_workloads(key, &pending)
                .await
                .map(|list| {
                    list.workloads
                        .iter()
                        .map(lists::entry)
                        .filter(|e| !queue.iter().any(|seen| seen.id == e.id))
                        .collect()
                })
                .unwrap_or_default(),
            None => Vec::new(),
        };
        for row in &mut rows {
            if let Some(me) = queue.iter().find(|entry| entry.id == row.id) {
                row.queue_place = Some(match me.blocked {
                    Some(blocked) => QueuePlace::Blocked(blocked),
                    None => QueuePlace::Position(
                        queue_ahead(me, &queue).len() + queue_ahead(me, &hidden).len() + 1,
                    ),
                });
            }
        }
    }
    if let Some(states) = &states {
        super::narrowing::label(&mut rows, states).await;
    }
    Ok(WorkloadsAnswer {
        rows,
        total: total?,
        phase_counts,
        fetched_at: Timestamp::now(),
        truncated: false,
    })
}

/// One page of the workloads of `view` that the dashboard narrows or orders itself
/// (Run:ai cannot), paged as `query` asks: running ones whose GPUs are in a state,
/// failures of a cause, sorted by GPU state. The total and the phase counts are of
/// those it kept.
#[cfg(feature = "ssr")]
async fn narrowed(
    query: &ListQuery,
    view: &super::view::WorkloadsView,
    states: Option<&crate::gpu_states::source::GpuStatesSource>,
) -> Result<WorkloadsAnswer, AppError> {
    use crate::components::COUNTED_PHASES;

    let (upstream, credentials) = crate::caller::upstream_call()?;
    let (kept, truncated) =
        super::narrowing::read_all(&upstream.client, &credentials, view, states).await?;
    let total = kept.len() as i64;
    let offset = query.offset.unwrap_or(0) as usize;
    let limit = usize::from(query.limit.unwrap_or(50));
    let mut rows: Vec<WorkloadRow> = kept
        .iter()
        .skip(offset)
        .take(limit)
        .map(WorkloadRow::from_workload)
        .collect();
    if let Some(states) = states {
        super::narrowing::label(&mut rows, states).await;
    }
    let phase_counts = COUNTED_PHASES
        .iter()
        .map(|phase| {
            let count = kept.iter().filter(|w| w.phase == *phase).count() as i64;
            (phase.as_str().to_owned(), count)
        })
        .collect();
    Ok(WorkloadsAnswer {
        rows,
        total,
        phase_counts,
        fetched_at: Timestamp::now(),
        truncated,
    })
}

/// The node pool a list query is narrowed to (`nodepool==X` and no other pool filter).
#[cfg(feature = "ssr")]
fn one_node_pool(query: &ListQuery) -> Option<&str> {
    use runai::query::{FilterField, FilterOp};

    let mut pools = query
        .selection
        .filter_by
        .iter()
        .filter(|f| f.field() == FilterField::Nodepool);
    match (pools.next(), pools.next()) {
        (Some(only), None) if only.op() == FilterOp::Eq => Some(only.value()),
        _ => None,
    }
}
