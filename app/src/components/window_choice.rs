//! A report's window, as the ledger and the failures page take it: the `window` URL
//! parameter (`7d`, `24h`, `30d`, any `<n>h` or `<n>d`, or `2026-11-01..2026-11-08` in
//! UTC days) and the select that offers the usual ones, keeping a typed one.

use leptos::prelude::*;
use runai::query::QueryParams;

use crate::url_state::Problem;
use ledger::window::LedgerWindow;

/// The window `params` name (the default when none), and what was wrong with it.
pub fn window_param(params: &QueryParams) -> (LedgerWindow, Option<Problem>) {
    match params.get("window").filter(|w| !w.is_empty()) {
        None => (LedgerWindow::default(), None),
        Some(word) => match LedgerWindow::parse(word) {
            Ok(window) => (window, None),
            Err(problem) => (
                LedgerWindow::default(),
                Some(Problem::new("window", problem.to_string())),
            ),
        },
    }
}

/// "Window": the last day, week or 30 days, or the window the URL typed.
#[component]
pub fn WindowSelect(window: LedgerWindow) -> impl IntoView {
    let word = window.word();
    let preset = ["1d", "7d", "30d"].contains(&word.as_str());
    view! {
        <label>
            "Window "
            <select name="window">
                <option value="1d" selected=word == "1d">"Last 24 hours"</option>
                <option value="7d" selected=word == "7d">"Last 7 days"</option>
                <option value="30d" selected=word == "30d">"Last 30 days"</option>
                {(!preset).then(|| view! {
                    <option value=word.clone() selected=true>{window.describe()}</option>
                })}
            </select>
        </label>
    }
}
