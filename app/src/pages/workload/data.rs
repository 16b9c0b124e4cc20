//! The detail page's server functions: the workload, and its metrics over a window.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use runai::model::{MetricsResponse, Timestamp, WorkloadDetailed};

/// What the get endpoint said about a workload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Lookup {
    Found(Box<WorkloadDetailed>),
    NotFound,
    Forbidden,
}

/// A workload's metrics over `[start, end]`, and what could not be produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricsView {
    pub data: MetricsResponse,
    /// Metric types the control plane could not produce (its 207).
    pub missing: Vec<String>,
    pub start: Timestamp,
    pub end: Timestamp,
    /// When the upstream answered.
    pub fetched_at: Timestamp,
}

impl MetricsView {
    /// When these metrics were fetched, as the page shows it.
    pub fn updated(&self) -> String {
        self.fetched_at.0.format("%H:%M:%S UTC").to_string()
    }
}

/// The workload `id`; 404 and 403 are answers, not errors (the page explains them).
#[server(endpoint = "workload")]
pub async fn get_workload(id: String) -> Result<Lookup, ServerFnError> {
    use crate::server_error::{fail, upstream_call};
    use runai::ApiError;

    let id = uuid::Uuid::parse_str(&id)
        .map_err(|_| fail(400, format!("“{id}” is not a workload id (a UUID)")))?;
    let (upstream, credentials) = upstream_call()?;
    match upstream.client.get_workload(&credentials, id).await {
        Ok(workload) => Ok(Lookup::Found(Box::new(workload))),
        Err(ApiError::NotFound(_)) => {
            let _ = fail(404, "");
            Ok(Lookup::NotFound)
        }
        Err(ApiError::Forbidden(_)) => {
            let _ = fail(403, "");
            Ok(Lookup::Forbidden)
        }
        Err(err) => Err(fail(err.status_code(), err.to_string())),
    }
}

/// Metrics of workload `id` over `range` (the URL's range words: `range=1h` or
/// `from=…&to=…`, resolved against the server's clock), `samples` points per series;
/// NIM types are asked for only when `inference`.
#[server(endpoint = "workload_metrics")]
pub async fn get_workload_metrics(
    id: String,
    range: String,
    samples: u16,
    inference: bool,
) -> Result<MetricsView, ServerFnError> {
    use crate::server_error::{fail, upstream_call};
    use runai::{model::MetricType, query::MetricsQuery};

    use super::range::TimeRange;
    use runai::query::QueryParams;

    let id = uuid::Uuid::parse_str(&id)
        .map_err(|_| fail(400, format!("“{id}” is not a workload id (a UUID)")))?;
    let (range, problem) = TimeRange::from_params(&QueryParams::parse(&range));
    if let Some(problem) = problem {
        return Err(fail(400, problem));
    }
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
    query.validate().map_err(|err| fail(400, err.to_string()))?;
    let (upstream, credentials) = upstream_call()?;
    let result = upstream
        .client
        .workload_metrics(&credentials, id, &query)
        .await
        .map_err(|err| fail(err.status_code(), err.to_string()))?;
    Ok(MetricsView {
        data: result.data,
        missing: result.missing.iter().map(|t| t.to_string()).collect(),
        start: query.start,
        end: query.end,
        fetched_at: Timestamp::now(),
    })
}
