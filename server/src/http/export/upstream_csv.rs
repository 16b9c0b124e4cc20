//! Exports Run:ai writes itself, read and written again through the one CSV writer:
//!
//! - `GET /export/workloads/{id}/metrics.csv?<the detail page's range>`: every metric
//!   of a workload over the window.
//! - `GET /export/telemetry.csv?<telemetry query>`: the overview's telemetry view.

use app::{caller::Caller, error::AppError, pages::workload::range::TimeRange};
use axum::{
    Extension,
    extract::{Path, RawQuery, State},
    http::HeaderMap,
    response::Response,
};
use runai::{
    csv,
    model::{MetricType, Timestamp},
    query::{MetricsQuery, QueryParams, TelemetryQuery},
};
use tower_sessions::Session;

use super::{client_for, download, failed, start_export};
use crate::http::AppState;

/// The metrics CSV of workload `id` over the range in the query string.
pub async fn metrics_csv(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    session: Session,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    metrics(state, caller, session, headers, id, query)
        .await
        .unwrap_or_else(failed)
}

async fn metrics(
    state: AppState,
    caller: Caller,
    session: Session,
    headers: HeaderMap,
    id: String,
    query: Option<String>,
) -> Result<Response, AppError> {
    let id = uuid::Uuid::parse_str(&id).map_err(|_| {
        let shown = crate::observe::loggable(&id);
        AppError::bad_request(format!("“{shown}” is not a workload id (a UUID)"))
    })?;
    let (range, problem) =
        TimeRange::from_params(&QueryParams::parse(query.as_deref().unwrap_or_default()));
    if let Some(problem) = problem {
        return Err(AppError::bad_request(format!("time range: {problem}")));
    }
    let _running = start_export(&state, &session, &caller)?;
    let (start, end) = range.resolve(Timestamp::now());
    let query = MetricsQuery {
        metric_type: MetricType::KNOWN.to_vec(),
        start,
        end,
        number_of_samples: Some(200),
    };
    let answer = client_for(&state, &headers)
        .workload_metrics_csv(&caller.credentials, id, &query)
        .await?;
    Ok(download(
        &format!("metrics-{id}.csv"),
        csv::rewrite(&answer)?,
    ))
}

/// The telemetry CSV of the query string's view.
pub async fn telemetry_csv(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    session: Session,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    telemetry(state, caller, session, headers, query)
        .await
        .unwrap_or_else(failed)
}

async fn telemetry(
    state: AppState,
    caller: Caller,
    session: Session,
    headers: HeaderMap,
    query: Option<String>,
) -> Result<Response, AppError> {
    let query = TelemetryQuery::parse(query.as_deref().unwrap_or_default())?;
    let _running = start_export(&state, &session, &caller)?;
    let answer = client_for(&state, &headers)
        .workloads_telemetry_csv(&caller.credentials, &query)
        .await?;
    Ok(download("telemetry.csv", csv::rewrite(&answer)?))
}
