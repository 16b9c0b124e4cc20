//! The time-range bar of the workload page: presets, the typed absolute window,
//! auto-refresh and the metrics CSV. Every choice is a URL. The server renders it for
//! the view in the URL; presets are links, auto-refresh names its parameter
//! (`data-param`), and the typed window is read by [`follow_absolute_range`].

use leptos::prelude::*;

use super::{
    range::{PRESETS, TimeRange},
    view::WorkloadView,
};
use crate::components::{ProblemNote, Refresh, RefreshSelect};
use runai::query::encode_query;

/// Presets, absolute from/to, auto-refresh and the CSV, for `view` of workload `id`.
#[component]
pub(super) fn RangeBar(id: String, view: WorkloadView) -> impl IntoView {
    let current = view.range.preset_word();
    let presets = PRESETS
        .iter()
        .map(|&(word, label, _)| {
            let target = view.href_with_range(&id, TimeRange::preset(word).expect("a preset"));
            view! { <a href=target aria-current=(current == Some(word)).then_some("true")>{label}</a> }
        })
        .collect_view();
    let absolute = match &view.range {
        TimeRange::Between { from, to } => {
            Some(view! { <span class="absolute">{format!("{from} → {to}")}</span> })
        }
        TimeRange::Last { .. } => None,
    };
    let csv = format!(
        "/export/workloads/{id}/metrics.csv?{}",
        encode_query(&view.range.to_pairs())
    );
    let refresh: Signal<Refresh> = Signal::stored(view.refresh);
    let problems = view
        .problems
        .iter()
        .cloned()
        .map(|problem| view! { <ProblemNote problem/> })
        .collect_view();
    view! {
        <nav class="range" aria-label="Time range" id="range-bar" data-swap="">
            {presets}
            {absolute}
            <a class="button" href=csv download="metrics.csv">"Download metrics CSV"</a>
            <AbsoluteRange range=view.range.clone()/>
            <RefreshSelect current=refresh/>
            {problems}
        </nav>
    }
}

/// Two `datetime-local` inputs (UTC) for a fixed window, filled with the window shown
/// when it is one.
#[component]
fn AbsoluteRange(range: TimeRange) -> impl IntoView {
    let local = |t: runai::model::Timestamp| t.0.format("%Y-%m-%dT%H:%M").to_string();
    let (from, to) = match range {
        TimeRange::Between { from, to } => (local(from), local(to)),
        TimeRange::Last { .. } => (String::new(), String::new()),
    };
    view! {
        <form class="absolute-range" data-absolute-range="">
            <label>"From (UTC) " <input type="datetime-local" name="from" value=from/></label>
            <label>"To (UTC) " <input type="datetime-local" name="to" value=to/></label>
            <button type="submit">"Show window"</button>
            <span class="field-error" role="alert"></span>
        </form>
    }
}

/// Goes to the window typed in the range bar's form: both times, `from` before `to`
/// (the inputs' own `YYYY-MM-DDTHH:MM` text sorts as time does, so no date is parsed
/// here; the server reads them).
#[cfg(feature = "hydrate")]
pub(super) fn follow_absolute_range(url: crate::components::PageUrl) {
    use crate::{
        components::element_of,
        url_state::{with_param, with_query},
    };
    use wasm_bindgen::JsCast;

    let submits = window_event_listener(leptos::ev::submit, move |event| {
        let Some(form) = element_of(&event)
            .and_then(|element| element.closest("form[data-absolute-range]").ok().flatten())
        else {
            return;
        };
        event.prevent_default();
        let value = |name: &str| {
            form.query_selector(&format!("input[name={name}]"))
                .ok()
                .flatten()
                .and_then(|input| input.dyn_into::<web_sys::HtmlInputElement>().ok())
                .map(|input| input.value())
                .unwrap_or_default()
        };
        let (from, to) = (value("from"), value("to"));
        let why_not = if from.is_empty() || to.is_empty() {
            Some("Give both times.")
        } else if from >= to {
            Some("“From” must be before “to”.")
        } else {
            None
        };
        if let Ok(Some(alert)) = form.query_selector("[role=alert]") {
            alert.set_text_content(why_not);
        }
        if why_not.is_none() {
            let query = with_param(&url.query_untracked(), "range", "");
            let query = with_param(&with_param(&query, "from", &from), "to", &to);
            url.go(&with_query(&url.path(), &query), false);
        }
    });
    on_cleanup(move || submits.remove());
}
