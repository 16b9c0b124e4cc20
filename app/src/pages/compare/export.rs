//! The comparison's download (server only): `GET /export/compare.csv?<the page's URL
//! query>`, every compared series the charts draw, one row per point: the workload, the
//! chart, the line, the instant (in the zone the link names, else UTC), the hours since
//! the workload started, the value (percent, bytes, cores, seconds or per second, as
//! the chart's title says).

use axum::{
    Extension,
    extract::{RawQuery, State},
    http::HeaderMap,
    response::Response,
};
use runai::{csv::CsvWriter, model::Timestamp};
use tower_sessions::Session;

use super::{
    read::{LookedUp, Metrics, read},
    series::charted,
    view::CompareView,
};
use crate::{
    caller::Caller,
    download::{self, ExportSlots, Failed},
    error::AppError,
    time_zone::{Zone, zone::PARAM},
    upstream::Upstream,
    url_state::UrlQuery,
};

/// `GET /export/compare.csv?ids=…`.
pub async fn compare_csv(
    State(upstream): State<Upstream>,
    State(slots): State<ExportSlots>,
    Extension(caller): Extension<Caller>,
    session: Session,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, Failed> {
    let query = query.as_deref().unwrap_or_default();
    let view = CompareView::parse_whole(query)?;
    // Times in the zone the page's link names (UTC for the browser's own, which the
    // server does not know).
    let zone = Zone::from_param(runai::query::QueryParams::parse(query).get(PARAM))
        .map_err(AppError::from)?;
    if view.ids.is_empty() {
        return Err(AppError::bad_request("name the workloads to compare: ids=…").into());
    }
    let _running = download::start(&slots, &session, &caller)?;
    let client = download::client_for(&upstream, &headers);
    let (readings, _) = read(
        &client,
        &caller.credentials,
        &view.ids,
        &view.window(),
        Timestamp::now(),
    )
    .await?;
    let mut csv = CsvWriter::for_spreadsheets();
    csv.row([
        "workload",
        "id",
        "chart",
        "line",
        "time",
        "hours since it started",
        "value",
    ]);
    for reading in &readings {
        let LookedUp::Found {
            workload,
            started_ms,
            metrics: Metrics::Read { result, .. },
        } = &reading.looked_up
        else {
            continue;
        };
        let id = reading.id.to_string();
        for (chart, lines) in charted(&result.data, view.gpus) {
            for line in lines {
                for &(t, value) in &line.points {
                    let at = zone.rfc3339(t as i64);
                    let hours = started_ms
                        .map(|started| format!("{:.4}", (t - started as f64) / 3_600_000.0))
                        .unwrap_or_default();
                    csv.row([
                        workload.name.as_str(),
                        id.as_str(),
                        chart,
                        line.name.as_str(),
                        at.as_str(),
                        hours.as_str(),
                        value.to_string().as_str(),
                    ]);
                }
            }
        }
    }
    Ok(download::csv_file("comparison.csv", csv.finish()))
}
