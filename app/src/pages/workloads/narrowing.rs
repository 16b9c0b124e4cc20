//! The table narrowed and ordered by what the dashboard knows and Run:ai cannot filter
//! or sort by (server only): a running workload's GPU state as the collector last
//! looked (also written into each running row), and a failure's cause as the failures
//! page groups it. Then the table reads every page of the selection (at most
//! [`EXPORT_CAP`](crate::every_page::EXPORT_CAP)) in its order, keeps the matching ones
//! and sorts them itself, so its total and its pages count only them; the page and the
//! CSV read them alike ([`read_all`]).

use runai::{
    client::{Credentials, RunaiClient},
    model::{Phase, Workload},
    query::{Filter, FilterField, FilterOp, SortOrder},
};

use super::{row::WorkloadRow, view::WorkloadsView};
use crate::{
    error::AppError,
    every_page::every_page,
    gpu_states::{StateChoice, source::GpuStatesSource},
};

/// Writes each running row's GPU state in words. The states are an extra: without them
/// (no ledger, a store that fails) the rows still show.
pub async fn label(rows: &mut [WorkloadRow], source: &GpuStatesSource) {
    let ids: Vec<String> = rows
        .iter()
        .filter(|row| row.phase == Phase::Running && row.gpu_allocated > 0.0)
        .map(|row| row.id.clone())
        .collect();
    if ids.is_empty() {
        return;
    }
    let Ok(states) = source.of(&ids).await else {
        return;
    };
    for row in rows {
        if let Some(checked) = states.get(&row.id) {
            row.gpu_state = Some(checked.state.label());
        }
    }
}

/// The view's running workloads whose GPUs are in `choice`, in the view's order, and
/// whether the selection held more running workloads than were read.
pub async fn running_in_state(
    client: &RunaiClient,
    credentials: &Credentials,
    view: &WorkloadsView,
    choice: StateChoice,
    source: &GpuStatesSource,
) -> Result<(Vec<Workload>, bool), AppError> {
    let in_state: std::collections::HashSet<String> = source
        .in_state(choice)
        .await?
        .into_iter()
        .map(|checked| checked.workload_id)
        .collect();
    if in_state.is_empty() {
        return Ok((Vec::new(), false));
    }
    let mut selection = view.selection();
    selection.filter_by.push(
        Filter::new(FilterField::Phase, FilterOp::Eq, Phase::Running.as_str())
            .expect("a valid filter"),
    );
    let (running, truncated) =
        every_page(client, credentials, &view.every_page_query(selection)).await?;
    let kept = running
        .into_iter()
        .filter(|w| in_state.contains(&w.id.to_string()))
        .collect();
    Ok((kept, truncated))
}

/// Keeps the failures whose cause is `cause` (its id on the failures page).
pub fn retain_cause(workloads: &mut Vec<Workload>, cause: &str) {
    use ledger::failure_cause::{cause_id, workload_failure_cause};
    workloads.retain(|w| w.phase == Phase::Failed && cause_id(&workload_failure_cause(w)) == cause);
}

/// Every workload of `view` that the dashboard narrows or orders itself (see
/// [`WorkloadsView::answered_here`]), in the view's order, and whether the selection
/// held more than were read.
pub async fn read_all(
    client: &RunaiClient,
    credentials: &Credentials,
    view: &WorkloadsView,
    states: Option<&GpuStatesSource>,
) -> Result<(Vec<Workload>, bool), AppError> {
    let states_needed =
        || states.ok_or_else(|| AppError::unavailable("GPU states are not kept on this server"));
    let (mut kept, truncated) = match view.gpu_state {
        Some(choice) => {
            running_in_state(client, credentials, view, choice, states_needed()?).await?
        }
        None => {
            every_page(
                client,
                credentials,
                &view.every_page_query(view.selection()),
            )
            .await?
        }
    };
    if let Some(cause) = &view.cause {
        retain_cause(&mut kept, cause);
    }
    if view.sort_by_gpu_state {
        order_by_state(&mut kept, view.sort_order, states_needed()?).await?;
    }
    Ok((kept, truncated))
}

/// Sorts `workloads` by GPU state, ascending what needs attention first; equal states
/// keep their order, and workloads with no state (not running, not looked at yet) come
/// last either way.
async fn order_by_state(
    workloads: &mut [Workload],
    order: SortOrder,
    source: &GpuStatesSource,
) -> Result<(), AppError> {
    let ids: Vec<String> = workloads
        .iter()
        .filter(|w| w.phase == Phase::Running)
        .map(|w| w.id.to_string())
        .collect();
    let states = source.of(&ids).await?;
    workloads.sort_by_cached_key(|w| {
        match states
            .get(&w.id.to_string())
            .map(|c| c.state.attention_rank())
        {
            Some(rank) if order == SortOrder::Asc => (0, rank),
            Some(rank) => (0, u8::MAX - rank),
            None => (1, 0),
        }
    });
    Ok(())
}
