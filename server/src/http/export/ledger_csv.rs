//! The ledger page's ranking as CSV: the same numbers the page shows for the same URL.

use app::{caller::Caller, pages::ledger::view::LedgerView};
use axum::{
    Extension,
    extract::{RawQuery, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use runai::{csv::CsvWriter, query::QueryParams};

use super::{super::AppState, download};

/// `GET /export/ledger.csv?window=…&group=…`.
pub async fn ledger_csv(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Response {
    let view = LedgerView::from_params(&QueryParams::parse(query.as_deref().unwrap_or_default()));
    if let Some(problem) = view.problems.first() {
        return (StatusCode::BAD_REQUEST, problem.clone()).into_response();
    }
    let now_ms = runai::model::Timestamp::now().unix_millis();
    let answer = match state
        .ledger
        .answer(&caller.credentials, &view.window, view.group, now_ms)
        .await
    {
        Ok(answer) => answer,
        Err(err) => {
            let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::BAD_GATEWAY);
            return (status, format!("the export failed: {}", err.message())).into_response();
        }
    };
    let mut csv = CsvWriter::for_spreadsheets();
    csv.row([
        view.group.label(),
        "id",
        "allocated GPU-hours",
        "idle GPU-hours",
        "idle share",
        "used GPU-hours",
        "workloads",
        "most idle workloads",
    ]);
    for line in &answer.lines {
        let top: Vec<String> = line
            .top_idle
            .iter()
            .map(|w| format!("{} ({:.2} idle GPU-h)", w.name, w.idle_h))
            .collect();
        csv.row([
            line.label.clone(),
            line.key.clone(),
            format!("{:.3}", line.hours.allocated),
            format!("{:.3}", line.hours.idle),
            format!("{:.4}", line.hours.idle_share()),
            format!("{:.3}", line.hours.used),
            line.workloads.to_string(),
            top.join("; "),
        ]);
    }
    download(
        &format!("ledger-{}-{}.csv", view.group.as_str(), view.window.word()),
        csv.finish(),
    )
}
