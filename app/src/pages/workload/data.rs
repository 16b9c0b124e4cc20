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
        charts::{gpu_count, latest_histograms, panels},
        drawn::ChartPanel,
        metric_names::metric_name,
    };
    use crate::components::{EchartsOption, line_chart_option};
    use runai::{
        model::{MetricType, Timestamp},
        query::MetricsQuery,
    };

    // "Now" on a 5 s grid: everyone watching a live window within the same 5 s asks
    // Run:ai the same question, so the read cache answers them with one call.
    let now = Timestamp::now();
    let now = Timestamp::from_unix_millis(now.unix_millis() / 5_000 * 5_000).unwrap_or(now);
    let (start, end) = range.resolve(now);
    let query = MetricsQuery {
        metric_type: MetricType::KNOWN
            .iter()
            .filter(|t| inference || !t.is_nim())
            .cloned()
            .collect(),
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
    Ok(MetricsCharts {
        gpus: gpu_count(&result.data),
        panels: panels(&result.data, gpus.unwrap_or_default())
            .into_iter()
            .map(|panel| {
                let (option, x_shift_ms) =
                    EchartsOption::from_chart(&line_chart_option(&panel.data)).in_zone(&zone);
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
    })
}
