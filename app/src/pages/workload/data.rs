//! The detail page's server functions: the workload, and its metrics over a window.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use runai::model::WorkloadDetailed;
use uuid::Uuid;

use super::{drawn::MetricsCharts, range::TimeRange, view::GpuLines};
use crate::error::AppError;

/// What the get endpoint said about a workload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Lookup {
    Found(Box<WorkloadDetailed>),
    NotFound,
    Forbidden,
}

/// The workload `id`; 404 and 403 are answers, not errors (the page explains them).
#[server(endpoint = "workload")]
pub async fn get_workload(id: Uuid) -> Result<Lookup, AppError> {
    use runai::ApiError;

    let (upstream, credentials) = crate::caller::upstream_call()?;
    match upstream.client.get_workload(&credentials, id).await {
        Ok(workload) => Ok(Lookup::Found(Box::new(workload))),
        Err(ApiError::NotFound(_)) => Ok(Lookup::NotFound),
        Err(ApiError::Forbidden(_)) => Ok(Lookup::Forbidden),
        Err(err) => Err(err.into()),
    }
}

/// Metrics of workload `id` over `range` (resolved against the server's clock),
/// `samples` points per series; NIM types are asked for only when `inference`.
#[server(endpoint = "workload_metrics")]
pub async fn get_workload_metrics(
    id: Uuid,
    range: TimeRange,
    samples: u16,
    inference: bool,
    gpus: Option<GpuLines>,
) -> Result<MetricsCharts, AppError> {
    use super::{
        charts::{latest_histograms, panels},
        drawn::{ChartPanel, GpuStateNote},
    };
    use crate::{
        components::{EchartsOption, line_chart_option},
        gpu_states::GpuState,
        metric_series::metric_name,
    };
    use runai::{model::Timestamp, query::MetricsQuery};

    // "Now" on a 5 s grid: everyone watching a live window within the same 5 s asks
    // Run:ai the same question, so the read cache answers them with one call.
    let now = Timestamp::now();
    let now = Timestamp::from_unix_millis(now.unix_millis() / 5_000 * 5_000).unwrap_or(now);
    let (start, end) = range.resolve(now);
    let query = MetricsQuery {
        metric_type: crate::metric_series::metric_types(inference),
        start,
        end,
        number_of_samples: Some(samples),
    };
    query.validate()?;
    let (upstream, credentials) = crate::caller::upstream_call()?;
    let result = upstream
        .client
        .workload_metrics(&credentials, id, &query)
        .await?;
    let zone = crate::time_zone::zone_of_request();
    // An extra: without the ledger's store the charts still show.
    let state = match use_context::<crate::gpu_states::source::GpuStatesSource>() {
        Some(states) => states.one(&id.to_string()).await.ok().flatten(),
        None => None,
    };
    let since_ms = state.and_then(|state| match state {
        GpuState::Stalled { since_ms, .. }
        | GpuState::NeverUsed { since_ms }
        | GpuState::Idle { since_ms } => Some(since_ms),
        GpuState::Busy | GpuState::Unknown => None,
    });
    let (start_ms, end_ms) = (start.unix_millis(), end.unix_millis());
    Ok(MetricsCharts {
        gpus: crate::metric_series::gpu_count(&result.data),
        panels: panels(&result.data, gpus.unwrap_or_default())
            .into_iter()
            .map(|panel| {
                let (mut option, x_shift_ms) =
                    EchartsOption::from_chart(&line_chart_option(&panel.data)).in_zone(&zone);
                // Where the GPUs stopped working, on the utilization chart.
                if let (Some(state), Some(since_ms)) = (state, since_ms)
                    && state.wastes_gpus()
                    && panel.title == "GPU utilization"
                    && since_ms < end_ms
                {
                    option = option.with_marked_span(
                        since_ms.max(start_ms) + x_shift_ms,
                        end_ms + x_shift_ms,
                        &state.label(),
                    );
                }
                ChartPanel {
                    title: panel.title.to_owned(),
                    option,
                    x_shift_ms,
                }
            })
            .collect(),
        histograms: latest_histograms(&result.data),
        missing: result.missing.iter().map(metric_name).collect(),
        start: query.start,
        end: query.end,
        fetched_at: Timestamp::now(),
        gpu_state: state.map(|state| GpuStateNote {
            label: state.label(),
            since: since_ms.and_then(Timestamp::from_unix_millis),
            wastes_gpus: state.wastes_gpus(),
        }),
    })
}
