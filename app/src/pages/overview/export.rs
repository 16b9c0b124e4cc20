//! The overview's download (server only): `GET /export/telemetry.csv?<telemetry
//! query>`, the telemetry view as Run:ai writes it, read and written again through the
//! one CSV writer.

use axum::{
    Extension,
    extract::{RawQuery, State},
    http::HeaderMap,
    response::Response,
};
use runai::{csv, query::TelemetryQuery};
use tower_sessions::Session;

use crate::{
    caller::Caller,
    download::{self, ExportSlots, Failed},
    upstream::Upstream,
};

/// The telemetry CSV of the query string's view.
pub async fn telemetry_csv(
    State(upstream): State<Upstream>,
    State(slots): State<ExportSlots>,
    Extension(caller): Extension<Caller>,
    session: Session,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, Failed> {
    let query = TelemetryQuery::parse(query.as_deref().unwrap_or_default())?;
    let _running = download::start(&slots, &session, &caller)?;
    let answer = download::client_for(&upstream, &headers)
        .workloads_telemetry_csv(&caller.credentials, &query)
        .await?;
    Ok(download::csv_file("telemetry.csv", csv::rewrite(&answer)?))
}
