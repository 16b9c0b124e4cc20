//! Exports Run:ai writes itself, read and written again through the one CSV writer:
//!
//! - `GET /export/workloads/{id}/metrics.csv?<the detail page's range>`: every metric
//!   of a workload over the window.
//! - `GET /export/telemetry.csv?<telemetry query>`: the overview's telemetry view.

use app::{caller::Caller, pages::workload::range::TimeRange};
use axum::{
    Extension,
    extract::{Path, RawQuery, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use runai::{
    ApiError,
    model::{MetricType, Timestamp},
    query::{MetricsQuery, QueryParams, TelemetryQuery},
};
use tower_sessions::Session;

use super::{client_for, download, failed, start_export, too_many_exports};
use runai::csv;

use crate::http::AppState;

/// Run:ai's CSV answer as a download, every cell neutralized.
fn rewritten(filename: &str, answer: Result<String, ApiError>) -> Response {
    match answer {
        Ok(text) => match csv::rewrite(&text) {
            Ok(csv) => download(filename, csv),
            Err(why) => {
                (StatusCode::BAD_GATEWAY, format!("the export failed: {why}")).into_response()
            }
        },
        Err(err) => failed(&err),
    }
}

/// The metrics CSV of workload `id` over the range in the query string.
pub async fn metrics_csv(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    session: Session,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Ok(id) = uuid::Uuid::parse_str(&id) else {
        let shown = crate::observe::loggable(&id);
        return (
            StatusCode::BAD_REQUEST,
            format!("“{shown}” is not a workload id (a UUID)"),
        )
            .into_response();
    };
    let (range, problem) =
        TimeRange::from_params(&QueryParams::parse(query.as_deref().unwrap_or_default()));
    if let Some(problem) = problem {
        return (StatusCode::BAD_REQUEST, format!("time range: {problem}")).into_response();
    }
    let Some(_running) = start_export(&state, &session, &caller) else {
        return too_many_exports();
    };
    let (start, end) = range.resolve(Timestamp::now());
    let query = MetricsQuery {
        metric_type: MetricType::KNOWN.to_vec(),
        start,
        end,
        number_of_samples: Some(200),
    };
    let answer = client_for(&state, &headers)
        .workload_metrics_csv(&caller.credentials, id, &query)
        .await;
    rewritten(&format!("metrics-{id}.csv"), answer)
}

/// The telemetry CSV of the query string's view.
pub async fn telemetry_csv(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    session: Session,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let query = match TelemetryQuery::parse(query.as_deref().unwrap_or_default()) {
        Ok(query) => query,
        Err(err) => return (StatusCode::BAD_REQUEST, err.to_string()).into_response(),
    };
    let Some(_running) = start_export(&state, &session, &caller) else {
        return too_many_exports();
    };
    let answer = client_for(&state, &headers)
        .workloads_telemetry_csv(&caller.credentials, &query)
        .await;
    rewritten("telemetry.csv", answer)
}
