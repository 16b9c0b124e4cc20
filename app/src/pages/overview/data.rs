//! The overview's server functions: tiles and short lists, and telemetry.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use runai::{model::Timestamp, query::TelemetryQuery};

use super::drawn::DrawnTelemetry;
use crate::{error::AppError, pages::workloads::row::WorkloadRow};

/// The tiles and short lists at the top of the overview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tiles {
    pub running: i64,
    pub pending: i64,
    pub failed: i64,
    pub allocated_gpus: f64,
    pub idle_holders: i64,
    pub longest_pending: Vec<WorkloadRow>,
    pub most_idle: Vec<WorkloadRow>,
    /// Stalled and never-used workloads the viewer may see (`None` where the dashboard
    /// keeps no GPU states).
    pub attention: Option<crate::gpu_states::Attention>,
    /// When the upstream answered.
    pub fetched_at: Timestamp,
}

/// The table view behind each tile and list (the API's own words).
pub mod links {
    pub const RUNNING: &str = "/workloads?filterBy=phase%3D%3DRunning";
    pub const PENDING: &str = "/workloads?filterBy=phase%3D%3DPending";
    pub const FAILED: &str = "/workloads?filterBy=phase%3D%3DFailed";
    pub const ALLOCATED: &str =
        "/workloads?filterBy=allocatedGPU%3E%3D0.01&sortBy=allocatedGPU&sortOrder=desc";
    pub const LONGEST_PENDING: &str =
        "/workloads?filterBy=phase%3D%3DPending&sortBy=totalPendingTimeSeconds&sortOrder=desc";
    pub const MOST_IDLE: &str =
        "/workloads?filterBy=idleAllocatedGpus%3E%3D0.01&sortBy=idleAllocatedGpus&sortOrder=desc";
}

/// Counts, allocated GPUs, and the five longest-pending and most-idle workloads.
#[server(endpoint = "overview_tiles")]
pub async fn get_overview_tiles() -> Result<Tiles, AppError> {
    use runai::{
        model::TelemetryType,
        query::{ListQuery, QueryParams, WorkloadSelection},
    };

    let (upstream, credentials) = crate::caller::upstream_call()?;
    let client = &upstream.client;
    let selection = |link: &str| {
        WorkloadSelection::from_params(&QueryParams::parse(
            link.split_once('?').map_or("", |(_, q)| q),
        ))
        .expect("the links are valid")
    };
    let list = |link: &str| {
        let mut query = ListQuery::parse(link.split_once('?').map_or("", |(_, q)| q))
            .expect("the links are valid");
        query.limit = Some(5);
        query
    };
    let (running_q, pending_q, failed_q, idle_q) = (
        selection(links::RUNNING),
        selection(links::PENDING),
        selection(links::FAILED),
        selection(links::MOST_IDLE),
    );
    let allocation_q = TelemetryQuery::new(TelemetryType::GpuAllocation);
    let (longest_q, most_idle_q) = (list(links::LONGEST_PENDING), list(links::MOST_IDLE));
    let (running, pending, failed, idle, allocation, longest, most_idle) = tokio::join!(
        client.count_workloads(&credentials, &running_q),
        client.count_workloads(&credentials, &pending_q),
        client.count_workloads(&credentials, &failed_q),
        client.count_workloads(&credentials, &idle_q),
        client.workloads_telemetry(&credentials, &allocation_q),
        client.list_workloads(&credentials, &longest_q),
        client.list_workloads(&credentials, &most_idle_q),
    );
    // An extra: without the ledger's store the tiles still show.
    let attention = match use_context::<crate::gpu_states::source::GpuStatesSource>() {
        Some(states) => states.attention(&credentials).await.ok().flatten(),
        None => None,
    };
    let rows = |list: std::sync::Arc<runai::model::WorkloadList>| {
        list.workloads
            .iter()
            .map(WorkloadRow::from_workload)
            .collect()
    };
    Ok(Tiles {
        running: running?,
        pending: pending?,
        failed: failed?,
        idle_holders: idle?,
        allocated_gpus: allocation?
            .values
            .iter()
            .filter_map(|v| v.value.parse::<f64>().ok())
            .sum(),
        longest_pending: rows(longest?),
        most_idle: rows(most_idle?),
        attention,
        fetched_at: Timestamp::now(),
    })
}

/// Telemetry for `query` (on the wire, the API's words: `telemetryType`, `groupBy`,
/// filters), drawn.
#[server(endpoint = "telemetry")]
pub async fn get_telemetry(query: TelemetryQuery) -> Result<DrawnTelemetry, AppError> {
    use super::{
        drawn::telemetry_title,
        telemetry_chart::{base_filters, chart, rows},
    };
    use crate::components::EchartsOption;

    let (upstream, credentials) = crate::caller::upstream_call()?;
    let response = upstream
        .client
        .workloads_telemetry(&credentials, &query)
        .await?;
    let base = base_filters(&query);
    let (option, links) = chart(&response, &base, telemetry_title(&query.telemetry_type));
    Ok(DrawnTelemetry {
        option: EchartsOption::from_chart(&option),
        links,
        rows: rows(&response, &base),
    })
}
