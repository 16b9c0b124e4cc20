//! The detail page's server functions: the workload, and its metrics over a window.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use runai::model::{Timestamp, WorkloadDetailed};
use uuid::Uuid;

use super::range::TimeRange;
use crate::{components::EchartsOption, error::AppError};

/// What the get endpoint said about a workload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Lookup {
    Found(Box<WorkloadDetailed>),
    NotFound,
    Forbidden,
}

/// A workload's metrics over `[start, end]` as the server draws them, and what could
/// not be produced. Charts travel as ECharts options, not as series, so the browser
/// builds nothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricsCharts {
    /// Every chart with data, GPU first, NIM last.
    pub panels: Vec<ChartPanel>,
    /// The latest latency histograms (inference only).
    pub histograms: Vec<LatencyHistogram>,
    /// Metric types the control plane could not produce (its 207).
    pub missing: Vec<String>,
    pub start: Timestamp,
    pub end: Timestamp,
    /// When the upstream answered.
    pub fetched_at: Timestamp,
}

/// One chart: its title, and its option.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChartPanel {
    pub title: String,
    pub option: EchartsOption,
}

/// The latest sample of a latency histogram: `(≤ seconds, requests)` rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LatencyHistogram {
    pub title: String,
    pub rows: Vec<(String, String)>,
}

impl MetricsCharts {
    /// When these metrics were fetched, as the page shows it.
    pub fn updated(&self) -> String {
        crate::format::format_time_of_day(self.fetched_at)
    }
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
) -> Result<MetricsCharts, AppError> {
    use super::charts::{latest_histograms, panels};
    use crate::components::line_chart_option;
    use runai::{model::MetricType, query::MetricsQuery};

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
    Ok(MetricsCharts {
        panels: panels(&result.data)
            .into_iter()
            .map(|panel| ChartPanel {
                title: panel.title.to_owned(),
                option: EchartsOption::from_chart(&line_chart_option(&panel.data)),
            })
            .collect(),
        histograms: latest_histograms(&result.data),
        missing: result.missing.iter().map(|t| t.to_string()).collect(),
        start: query.start,
        end: query.end,
        fetched_at: Timestamp::now(),
    })
}
