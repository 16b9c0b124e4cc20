//! The table narrowed by what the dashboard knows and Run:ai cannot filter by (server
//! only): a running workload's GPU state as the collector last looked (also written
//! into each running row), and a failure's cause as the failures page groups it.
//! Narrowed, the table reads every page of the selection (at most
//! [`EXPORT_CAP`](crate::every_page::EXPORT_CAP)) in its order and keeps the matching
//! ones, so its total and its pages count only them.

use runai::{
    client::{Credentials, RunaiClient},
    model::{Phase, Workload},
    query::{Filter, FilterField, FilterOp},
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
