//! `GET /export/workloads.csv?<the table's URL query>`: the current view, all pages,
//! with the visible columns. At most [`EXPORT_CAP`] rows; a capped export says so in
//! the `X-Runboard-Truncated` header and its last line.
//!
//! Every export runs as the signed-in [`Caller`] the sign-in middleware attached.

use app::{
    auth::Caller,
    pages::workloads::{columns::to_csv, row::WorkloadRow, view::WorkloadsView},
    runai::query::{ListQuery, QueryParams},
};
use axum::{
    Extension,
    extract::{RawQuery, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};

use super::AppState;

/// The upstream client, sending this request's id along.
fn client_for(state: &AppState, headers: &HeaderMap) -> app::runai::client::RunaiClient {
    match headers
        .get(app::runai::client::REQUEST_ID)
        .and_then(|v| v.to_str().ok())
    {
        Some(id) => state.upstream.client.with_request_id(id),
        None => state.upstream.client.clone(),
    }
}

/// The most rows one export holds.
pub const EXPORT_CAP: usize = 10_000;
const PAGE: u16 = 500;

/// The CSV of the view in the query string.
pub async fn workloads_csv(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let view =
        WorkloadsView::from_params(&QueryParams::parse(query.as_deref().unwrap_or_default()));
    if let Some(problem) = view.problems.first() {
        return (
            StatusCode::BAD_REQUEST,
            format!("{}: {}", problem.param, problem.message),
        )
            .into_response();
    }
    let credentials = caller.credentials;
    let mut rows = Vec::new();
    let mut truncated = false;
    let mut offset = 0u32;
    loop {
        let page = ListQuery {
            selection: view.selection(),
            offset: Some(offset),
            limit: Some(PAGE),
            sort_by: view.sort_by,
            sort_order: Some(view.sort_order),
        };
        match client_for(&state, &headers)
            .list_workloads(&credentials, &page)
            .await
        {
            Ok(list) => {
                rows.extend(list.workloads.iter().map(WorkloadRow::from_workload));
                if rows.len() >= EXPORT_CAP {
                    truncated = list.next.is_some() || rows.len() > EXPORT_CAP;
                    rows.truncate(EXPORT_CAP);
                    break;
                }
                match list.next {
                    Some(next) => offset = next as u32,
                    None => break,
                }
            }
            Err(err) => {
                let status =
                    StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::BAD_GATEWAY);
                return (status, format!("the export failed: {err}")).into_response();
            }
        }
    }
    let mut csv = to_csv(&rows, &view.visible_columns());
    if truncated {
        csv.push_str(&format!(
            "# truncated at {EXPORT_CAP} rows: narrow the filters to export the rest\n"
        ));
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"workloads.csv\"".to_owned(),
            ),
            (
                header::HeaderName::from_static("x-runboard-truncated"),
                truncated.to_string(),
            ),
        ],
        csv,
    )
        .into_response()
}

/// `GET /export/workloads/{id}/metrics.csv?<the detail page's range>`: the upstream's
/// CSV of every metric over the window.
pub async fn metrics_csv(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    axum::extract::Path(id): axum::extract::Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    use app::{
        pages::workload::range::TimeRange,
        runai::{
            model::{MetricType, Timestamp},
            query::MetricsQuery,
        },
    };

    let Ok(id) = uuid::Uuid::parse_str(&id) else {
        return (
            StatusCode::BAD_REQUEST,
            format!("“{id}” is not a workload id (a UUID)"),
        )
            .into_response();
    };
    let (range, problem) =
        TimeRange::from_params(&QueryParams::parse(query.as_deref().unwrap_or_default()));
    if let Some(problem) = problem {
        return (StatusCode::BAD_REQUEST, format!("time range: {problem}")).into_response();
    }
    let credentials = caller.credentials;
    let (start, end) = range.resolve(Timestamp::now());
    let query = MetricsQuery {
        metric_type: MetricType::KNOWN.to_vec(),
        start,
        end,
        number_of_samples: Some(200),
    };
    match client_for(&state, &headers)
        .workload_metrics_csv(&credentials, id, &query)
        .await
    {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"metrics-{id}.csv\""),
                ),
            ],
            csv,
        )
            .into_response(),
        Err(err) => {
            let status = StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::BAD_GATEWAY);
            (status, format!("the export failed: {err}")).into_response()
        }
    }
}

/// `GET /export/telemetry.csv?<telemetry query>`: the upstream's CSV of the overview's
/// telemetry view.
pub async fn telemetry_csv(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    use app::runai::query::TelemetryQuery;

    let query = match TelemetryQuery::parse(query.as_deref().unwrap_or_default()) {
        Ok(query) => query,
        Err(err) => return (StatusCode::BAD_REQUEST, err.to_string()).into_response(),
    };
    let credentials = caller.credentials;
    match client_for(&state, &headers)
        .workloads_telemetry_csv(&credentials, &query)
        .await
    {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"telemetry.csv\"",
                ),
            ],
            csv,
        )
            .into_response(),
        Err(err) => {
            let status = StatusCode::from_u16(err.status_code()).unwrap_or(StatusCode::BAD_GATEWAY);
            (status, format!("the export failed: {err}")).into_response()
        }
    }
}
