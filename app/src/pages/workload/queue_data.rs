//! The queue panel's server function: a pending workload's standing in its node pools,
//! from a handful of list calls per node pool whose words do not depend on the workload
//! (so everyone looking at the same node pools shares them through the read cache).

use leptos::prelude::*;
use uuid::Uuid;

use crate::{error::AppError, queue::standing::QueueStanding};

/// The standing of workload `id`, or `None` when it is not pending.
#[server(endpoint = "workload_queue")]
pub async fn get_workload_queue(id: Uuid) -> Result<Option<QueueStanding>, AppError> {
    use crate::queue::{
        reads::{AsViewer, HiddenCounter, Memo, work_out_with},
        what_if::what_if,
    };

    let (upstream, credentials) = crate::caller::upstream_call()?;
    let client = &upstream.client;
    let detail = client.get_workload(&credentials, id).await?;
    let said = detail
        .pending_scheduling_messages
        .as_ref()
        .cloned()
        .unwrap_or_default();
    let now_ms = runai::model::Timestamp::now().unix_millis();
    let counter = use_context::<HiddenCounter>().unwrap_or_default();
    let lists = AsViewer {
        client,
        credentials: &credentials,
        counter: counter.0.as_ref(),
    };
    let memo = Memo::default();
    let Some(mut standing) = work_out_with(&lists, &memo, &detail.workload, &said, now_ms).await?
    else {
        return Ok(None);
    };
    // The alternatives are an extra: without them the panel still answers.
    standing.what_if = what_if(&lists, &memo, &detail.workload, now_ms)
        .await
        .unwrap_or_default();
    Ok(Some(standing))
}
