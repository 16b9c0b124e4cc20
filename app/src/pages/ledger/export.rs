//! The ledger's download (server only): `GET /export/ledger.csv?<the page's URL
//! query>`, the ranking the page shows for the same URL, as the caller may see it.

use axum::{
    Extension,
    extract::{RawQuery, State},
    response::Response,
};
use runai::csv::CsvWriter;

use super::{
    data::source::LedgerSource,
    view::{Grouping, LedgerView},
};
use crate::{
    caller::Caller,
    download::{self, Failed},
    url_state::UrlQuery,
};

/// `GET /export/ledger.csv?window=…&group=…`.
pub async fn ledger_csv(
    State(source): State<LedgerSource>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Response, Failed> {
    let view = LedgerView::parse_whole(query.as_deref().unwrap_or_default())?;
    let now_ms = runai::model::Timestamp::now().unix_millis();
    let answer = source
        .answer(&caller.credentials, &view.window, view.group, now_ms)
        .await?;
    let mut csv = CsvWriter::for_spreadsheets();
    // Grouped by person, a last column says who is a service account.
    let by_person = view.group == Grouping::Person;
    let mut header: Vec<String> = [
        view.group.label(),
        "id",
        "allocated GPU-hours",
        "idle GPU-hours",
        "idle share",
        "used GPU-hours",
        "workloads",
        "most idle workloads",
    ]
    .map(str::to_owned)
    .to_vec();
    if by_person {
        header.push("account".to_owned());
    }
    // With prices, what the GPU time cost after the idle share (idle first), as the page
    // shows it.
    const COSTS_AT: usize = 5;
    let currency = answer.pricing.as_ref().map(|p| p.currency.clone());
    if let Some(currency) = &currency {
        header.insert(COSTS_AT, format!("idle cost ({currency})"));
        header.insert(COSTS_AT + 1, format!("allocated cost ({currency})"));
    }
    csv.row(header);
    for line in &answer.lines {
        let top: Vec<String> = line
            .top_idle
            .iter()
            .map(|w| format!("{} ({:.2} idle GPU-h)", w.name, w.idle_h))
            .collect();
        let mut row = vec![
            line.label.clone(),
            line.key.clone(),
            format!("{:.3}", line.hours.allocated),
            format!("{:.3}", line.hours.idle),
            format!("{:.4}", line.hours.idle_share()),
            format!("{:.3}", line.hours.used),
            line.workloads.to_string(),
            top.join("; "),
        ];
        if by_person {
            row.push(
                match line.service_account {
                    true => "service account",
                    false => "person",
                }
                .to_owned(),
            );
        }
        if currency.is_some() {
            let cost = line.cost.unwrap_or_default();
            row.insert(COSTS_AT, format!("{:.2}", cost.idle));
            row.insert(COSTS_AT + 1, format!("{:.2}", cost.allocated));
        }
        csv.row(row);
    }
    Ok(download::csv_file(
        &format!("ledger-{}-{}.csv", view.group.as_str(), view.window.word()),
        csv.finish(),
    ))
}
