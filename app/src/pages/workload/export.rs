//! A workload's download (server only): `GET /export/workloads/{id}/metrics.csv?<the
//! page's range>`, every metric over the window as Run:ai writes it, read and written
//! again through the one CSV writer.

use axum::{
    Extension,
    extract::{Path, RawQuery, State},
    http::HeaderMap,
    response::Response,
};
use runai::{
    csv,
    model::{MetricType, Timestamp},
    query::MetricsQuery,
};
use tower_sessions::Session;

use super::view::WorkloadView;
use crate::{
    caller::Caller,
    download::{self, ExportSlots, Failed},
    error::AppError,
    upstream::Upstream,
    url_state::UrlQuery,
};

/// The metrics CSV of workload `id` over the range in the query string.
pub async fn metrics_csv(
    State(upstream): State<Upstream>,
    State(slots): State<ExportSlots>,
    Extension(caller): Extension<Caller>,
    session: Session,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Failed> {
    let id = uuid::Uuid::parse_str(&id).map_err(|_| {
        let shown = runai::loggable(&id);
        AppError::bad_request(format!("“{shown}” is not a workload id (a UUID)"))
    })?;
    let range = WorkloadView::parse_whole(query.as_deref().unwrap_or_default())?.range;
    let _running = download::start(&slots, &session, &caller)?;
    let (start, end) = range.resolve(Timestamp::now());
    let query = MetricsQuery {
        metric_type: MetricType::KNOWN.to_vec(),
        start,
        end,
        number_of_samples: Some(200),
    };
    let answer = download::client_for(&upstream, &headers)
        .workload_metrics_csv(&caller.credentials, id, &query)
        .await?;
    Ok(download::csv_file(
        &format!("metrics-{id}.csv"),
        csv::rewrite(&answer)?,
    ))
}
