//! The time-range bar of the workload page: presets, the typed absolute window,
//! auto-refresh and the frozen link. Every choice is a URL.

use leptos::prelude::*;

use super::range::{PRESETS, TimeRange};
use crate::{
    components::{ProblemNote, Refresh, RefreshSelect},
    url_state::Problem,
};
use runai::query::encode_query;

/// Presets, absolute from/to, the frozen link and the CSV.
#[component]
pub(super) fn RangeBar(
    id: String,
    range: Memo<TimeRange>,
    back: Memo<Option<String>>,
    refresh: Memo<Refresh>,
    /// What could not be read from the URL.
    problems: Memo<Vec<Problem>>,
) -> impl IntoView {
    let id_for_presets = id.clone();
    let id_for_csv = id.clone();
    let id_for_refresh = id.clone();
    let url = crate::components::use_page_url();
    let set_refresh = Callback::new(move |choice: Refresh| {
        let mut target = range
            .get_untracked()
            .href_back_to(&id_for_refresh, &back.get_untracked());
        if choice != Refresh::Off {
            target.push(if target.contains('?') { '&' } else { '?' });
            target.push_str(&format!("refresh={}", choice.id()));
        }
        url.go(&target, false);
    });
    view! {
        <nav class="range" aria-label="Time range">
            {PRESETS.iter().map(|&(word, label, _)| {
                let target = TimeRange::preset(word).expect("a preset").href_back_to(&id_for_presets, &back.get_untracked());
                view! {
                    <a href=target aria-current=move || (range.read().preset_word() == Some(word)).then_some("true")>{label}</a>
                }
            }).collect_view()}
            {move || match &*range.read() {
                TimeRange::Between { from, to } => Some(view! { <span class="absolute">{format!("{from} → {to}")}</span> }),
                TimeRange::Last { .. } => None,
            }}
            <a class="button" href=move || format!("/export/workloads/{id_for_csv}/metrics.csv?{}", encode_query(&range.read().to_pairs())) download="metrics.csv">
                "Download metrics CSV"
            </a>
            <AbsoluteRange id=id.clone() range back/>
            <RefreshSelect current=refresh choose=set_refresh/>
            {move || problems.get().into_iter().map(|problem| view! { <ProblemNote problem/> }).collect_view()}
        </nav>
    }
}

/// Two `datetime-local` inputs (UTC) for a fixed window.
#[component]
fn AbsoluteRange(id: String, range: Memo<TimeRange>, back: Memo<Option<String>>) -> impl IntoView {
    use runai::model::Timestamp;
    let local = |t: Timestamp| t.0.format("%Y-%m-%dT%H:%M").to_string();
    let (from, to) = match range.get_untracked() {
        TimeRange::Between { from, to } => (local(from), local(to)),
        TimeRange::Last { .. } => (String::new(), String::new()),
    };
    let from = RwSignal::new(from);
    let to = RwSignal::new(to);
    let error = RwSignal::new(None::<String>);
    let url = crate::components::use_page_url();
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match (
            Timestamp::parse(&from.get_untracked()),
            Timestamp::parse(&to.get_untracked()),
        ) {
            (Ok(start), Ok(end)) if start < end => {
                error.set(None);
                url.go(
                    &TimeRange::Between {
                        from: start,
                        to: end,
                    }
                    .href_back_to(&id, &back.get_untracked()),
                    false,
                );
            }
            (Ok(_), Ok(_)) => error.set(Some("“From” must be before “to”.".to_owned())),
            _ => error.set(Some("Give both times.".to_owned())),
        }
    };
    view! {
        <form class="absolute-range" on:submit=apply>
            <label>"From (UTC) " <input type="datetime-local" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/></label>
            <label>"To (UTC) " <input type="datetime-local" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/></label>
            <button type="submit">"Show window"</button>
            <span class="field-error" role="alert">{move || error.get()}</span>
        </form>
    }
}
