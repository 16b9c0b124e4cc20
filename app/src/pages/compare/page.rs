//! `/compare`: two to four workloads side by side, as server HTML: who is compared (or
//! hidden, and why), how their times line up and over which window, one chart per
//! metric with a line per workload, each one's numbers over the window, and their facts
//! with the differences marked. One small lazy island ([`CompareLive`]) draws the
//! charts, turns a drag across any chart into the one shared window, and keeps the
//! part current.

use leptos::prelude::*;
use leptos_meta::Title;
use runai::query::QueryParams;

use super::{
    answer::Comparison,
    chooser::Chooser,
    data::get_comparison,
    sections::{ComparedList, Controls, WindowLine},
    tables::{FactsTable, SummaryTable},
    view::{CompareView, MAX_COMPARED},
};
#[cfg(feature = "hydrate")]
use crate::url_state::{with_param, with_query};
use crate::{
    components::{
        AnswerPart, LinkProblems, ServerChart, StaleMark, answer_page_with, follow_server_page,
        island_page_path, island_page_query, mark_hydrated, page_query, provide_page_url,
        retry_seconds,
    },
    url_state::UrlQuery,
};

/// The `id` of the comparison's part, which says what its answer holds.
pub const COMPARISON_ID: &str = "comparison";

/// The comparison page.
#[component]
pub fn ComparePage() -> impl IntoView {
    let view = CompareView::from_params(&QueryParams::parse(&page_query()));
    if !view.problems.is_empty() {
        answer_page_with(http::StatusCode::BAD_REQUEST);
    }
    let problems = view.problems.clone();
    view! {
        <Title text="Compare workloads"/>
        <div class="page-head">
            <h1>"Compare workloads"</h1>
        </div>
        // Swapped with each newer answer (always present, so a link that fixed the
        // problems clears them).
        <div id="compare-problems" data-swap="">
            <LinkProblems problems/>
        </div>
        {match view.ids.len() {
            0 => view! {
                <p class="lede">
                    "Choose two to four workloads: tick them in the "
                    <a href="/workloads">"workloads table"</a>
                    " and press Compare, or find them here."
                </p>
                <Chooser view=view.clone() listing=true/>
            }
            .into_any(),
            _ => view! { <Compared view/> }.into_any(),
        }}
    }
}

/// The comparison of the URL's workloads.
#[component]
fn Compared(view: CompareView) -> impl IntoView {
    let (ids, window, gpus) = (view.ids.clone(), view.window(), view.gpus);
    // A resource, not a bare future: Suspense may build its children more than once.
    let answer = Resource::new(
        || (),
        move |()| get_comparison(ids.clone(), window.clone(), gpus),
    );
    let retry_s = retry_seconds(view.refresh.millis());
    view! {
        <CompareLive/>
        <Suspense fallback=|| view! { <p role="status">"Reading the workloads and their metrics…"</p> }>
            {move || {
                let view = view.clone();
                Suspend::new(async move {
                    let failed = "Could not compare the workloads:";
                    match answer.await {
                        Ok(comparison) => {
                            let updated = crate::format::format_time_of_day(comparison.fetched_at);
                            view! {
                                <AnswerPart id=COMPARISON_ID answered=Ok(updated) failed retry_s>
                                    <Shown comparison view/>
                                </AnswerPart>
                            }
                            .into_any()
                        }
                        Err(error) => view! {
                            <AnswerPart id=COMPARISON_ID answered=Err(error) failed retry_s/>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}

/// Everything an answer shows.
#[component]
fn Shown(comparison: Comparison, view: CompareView) -> impl IntoView {
    let shown = comparison.shown().count();
    let room = view.ids.len() < MAX_COMPARED;
    let Comparison {
        members,
        panels,
        summaries,
        facts,
        window,
        inference,
        several_gpus,
        ..
    } = comparison;
    // The download writes its times in the zone the page's link names.
    let csv = format!(
        "/export/compare.csv?{}",
        runai::query::encode_query(&crate::time_zone::Zone::with_page_zone(view.to_pairs()))
    );
    let names: Vec<String> = summaries.iter().map(|s| s.name.clone()).collect();
    let lines = names.join(", ");
    view! {
        <ComparedList members view=view.clone()/>
        {(shown < 2).then(|| view! {
            <p class="partial" role="status">
                {match room {
                    true => "A comparison needs two workloads you can see: add one below.",
                    false => "A comparison needs two workloads you can see: remove a hidden one to add another.",
                }}
            </p>
        })}
        {room.then(|| view! { <Chooser view=view.clone() listing=shown < 2 || !view.find.is_empty()/> })}
        <Controls view=view.clone() window=window.clone() several_gpus csv/>
        <WindowLine window/>
        {match panels.is_empty() {
            true => view! {
                <p class="empty" role="status">"No metrics in this window: none of them was running then."</p>
            }
            .into_any(),
            false => view! {
                <div class="charts">
                    {panels.into_iter().map(|panel| view! {
                        <section class="chart-panel">
                            <h2>{panel.title.clone()}</h2>
                            <ServerChart
                                label=format!("{} over time, one line per workload: {lines}", panel.title)
                                option=panel.option
                                x_shift_ms=panel.x_shift_ms
                            />
                        </section>
                    }).collect_view()}
                </div>
            }
            .into_any(),
        }}
        <SummaryTable summaries inference/>
        <FactsTable facts names view/>
    }
    .into_any()
}

/// What keeps the comparison current: it draws the server's charts, turns a drag
/// across any chart into the one window every chart shows (a new URL), follows the
/// page's controls, swaps in each new answer and says when the one on screen is stale.
/// Lazy: its code and the chart drawing are a WASM chunk fetched only here. It takes no
/// props: it reads its page from the address bar.
#[island(lazy)]
fn CompareLive() -> impl IntoView {
    let url = provide_page_url(island_page_path(), island_page_query());
    #[cfg(feature = "hydrate")]
    let swapped = {
        use crate::components::{EchartsBuild, draw_server_charts, follow_param_controls};
        follow_param_controls(url);
        let zoom = Callback::new(move |(start, end): (f64, f64)| {
            let query = url.query_untracked();
            let on_clock = query.split('&').any(|pair| pair == "align=clock");
            let query = if on_clock {
                // Instants: the charts' times, taken back to UTC by the drawing.
                let iso = |ms: f64| {
                    String::from(
                        js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms)).to_iso_string(),
                    )
                };
                let query = with_param(&query, "range", "");
                with_param(&with_param(&query, "from", &iso(start)), "to", &iso(end))
            } else {
                // Hours since each start, as whole seconds (no float text in the WASM).
                let seconds = |hours: f64| ((hours * 3600.0).round() as i64).max(0);
                let (since, until) = (seconds(start), seconds(end).max(seconds(start) + 1));
                let query = with_param(&query, "since", &since.to_string());
                with_param(&query, "until", &until.to_string())
            };
            url.go(&with_query(&url.path(), &query), false);
        });
        Some(draw_server_charts(
            COMPARISON_ID,
            EchartsBuild::Lines,
            Some(zoom),
        ))
    };
    #[cfg(not(feature = "hydrate"))]
    let swapped = None;
    let (stale, retry_s) = follow_server_page(url, COMPARISON_ID, swapped);
    mark_hydrated();
    view! { <StaleMark stale retry_s/> }
}
