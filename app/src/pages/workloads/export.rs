//! The table's download (server only): `GET /export/workloads.csv?<the table's URL
//! query>`, the current view with every page and the visible columns, as the caller.
//! At most [`EXPORT_CAP`] rows; a capped file says so in the `X-Runboard-Truncated`
//! header and its last line.

use axum::{
    Extension,
    extract::{RawQuery, State},
    http::{HeaderMap, header},
    response::Response,
};
use runai::csv::CsvWriter;
use tower_sessions::Session;

use super::{columns::Column, row::WorkloadRow, view::WorkloadsView};
use crate::{
    caller::Caller,
    download::{self, ExportSlots, Failed},
    error::AppError,
    every_page::EXPORT_CAP,
    gpu_states::source::GpuStatesSource,
    upstream::Upstream,
    url_state::UrlQuery,
};

/// `GET /export/workloads.csv?<the table's URL query>`.
pub async fn workloads_csv(
    State(upstream): State<Upstream>,
    State(slots): State<ExportSlots>,
    State(states): State<GpuStatesSource>,
    Extension(caller): Extension<Caller>,
    session: Session,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, Failed> {
    let view = WorkloadsView::parse_whole(query.as_deref().unwrap_or_default())?;
    // Times in the zone the page's link names (UTC for the browser's own, which the
    // server does not know).
    let zone = crate::time_zone::Zone::from_param(
        runai::query::QueryParams::parse(query.as_deref().unwrap_or_default())
            .get(crate::time_zone::zone::PARAM),
    )
    .map_err(AppError::from)?;
    let _running = download::start(&slots, &session, &caller)?;
    let client = download::client_for(&upstream, &headers);
    let (workloads, truncated) =
        super::narrowing::read_all(&client, &caller.credentials, &view, Some(&states)).await?;
    let mut rows: Vec<WorkloadRow> = workloads.iter().map(WorkloadRow::from_workload).collect();
    super::narrowing::label(&mut rows, &states).await;
    let columns = view.visible_columns();
    let mut csv = CsvWriter::for_spreadsheets();
    csv.row(columns.iter().map(|c| c.label()));
    for row in &rows {
        csv.row(columns.iter().map(|c| {
            match c {
                Column::Created => zone.rfc3339(row.created_at.unix_millis()),
                Column::Completed => row
                    .completed_at
                    .map(|t| zone.rfc3339(t.unix_millis()))
                    .unwrap_or_default(),
                // The id itself, which another sheet can be joined on.
                Column::Cluster => row.cluster_id.clone(),
                _ => c.text(row),
            }
        }));
    }
    let mut csv = csv.finish();
    if truncated {
        csv.push_str(&format!(
            "# truncated at {EXPORT_CAP} rows: narrow the filters to export the rest\n"
        ));
    }
    let mut response = download::csv_file("workloads.csv", csv);
    response.headers_mut().insert(
        header::HeaderName::from_static("x-runboard-truncated"),
        header::HeaderValue::from_static(if truncated { "true" } else { "false" }),
    );
    Ok(response)
}
