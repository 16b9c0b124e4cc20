//! The queue's download (server only): `GET /export/queue.csv?<the page's URL query>`,
//! the rows the page shows for the same URL, as the caller may see them.

use axum::{
    Extension,
    extract::{RawQuery, State},
    http::HeaderMap,
    response::Response,
};
use runai::csv::CsvWriter;
use tower_sessions::Session;

use super::{data::read_queue, view::QueueView};
use crate::{
    caller::Caller,
    download::{self, ExportSlots, Failed},
    queue::{WaitEstimate, reads::HiddenCounter},
    upstream::Upstream,
    url_state::UrlQuery,
};

/// `GET /export/queue.csv?pool=…&project=…`.
pub async fn queue_csv(
    State(upstream): State<Upstream>,
    State(slots): State<ExportSlots>,
    State(counter): State<HiddenCounter>,
    Extension(caller): Extension<Caller>,
    session: Session,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, Failed> {
    let view = QueueView::parse_whole(query.as_deref().unwrap_or_default())?;
    let _running = download::start(&slots, &session, &caller)?;
    let client = download::client_for(&upstream, &headers);
    let answer = read_queue(
        &client,
        &caller.credentials,
        &counter,
        view.pool,
        view.project,
    )
    .await?;
    let mut csv = CsvWriter::for_spreadsheets();
    csv.row([
        "cluster",
        "node pool",
        "position",
        "workload",
        "id",
        "project",
        "GPUs requested",
        "waiting (s)",
        "why it waits",
        "likely start, p10 (s)",
        "p50 (s)",
        "p90 (s)",
    ]);
    let seconds = |s: Option<f64>| s.map(|s| format!("{s:.0}")).unwrap_or_default();
    for queue in &answer.pools {
        for row in &queue.rows {
            let (p10, p50, p90) = match row.estimate.estimate {
                WaitEstimate::Likely {
                    p10_s,
                    p50_s,
                    p90_s,
                    ..
                } => (Some(p10_s), p50_s, p90_s),
                WaitEstimate::NotEnoughHistory { .. } => (None, None, None),
            };
            csv.row([
                queue.cluster_id.clone(),
                queue.pool.clone(),
                row.position.map(|p| p.to_string()).unwrap_or_default(),
                row.entry.name.clone(),
                row.entry.id.clone(),
                row.entry.project.clone(),
                crate::format::format_count(row.entry.gpus),
                row.waited_s.to_string(),
                row.reason.short(),
                seconds(p10),
                seconds(p50),
                seconds(p90),
            ]);
        }
    }
    Ok(download::csv_file("queue.csv", csv.finish()))
}
