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
    let mut header = vec![
        view.group.label(),
        "id",
        "allocated GPU-hours",
        "idle GPU-hours",
        "idle share",
        "used GPU-hours",
        "workloads",
        "most idle workloads",
    ];
    if by_person {
        header.push("account");
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
        csv.row(row);
    }
    Ok(download::csv_file(
        &format!("ledger-{}-{}.csv", view.group.as_str(), view.window.word()),
        csv.finish(),
    ))
}
