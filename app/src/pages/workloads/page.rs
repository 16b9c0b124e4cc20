//! The page. The server reads the view from the URL, loads one page of rows and renders
//! everything as plain HTML: the controls (toolbar, filter bar) for that view, and the
//! results (chips, status line, table, pager). The island [`WorkloadsLive`] keeps them
//! current: a control sets its URL parameter, and a change of view or a refresh loads
//! the page's new HTML and swaps it in (`components::follow_server_page`, the table's
//! own controls in `controls.rs`). No view is parsed or rendered in the browser, so
//! only that small island's code reaches it.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    compare_pick::ComparePick,
    data::{WorkloadsAnswer, get_workloads_page},
    filter_bar::{FilterBar, FilterSuggestions, PhaseChips},
    seen::seen_in,
    table::Table,
    toolbar::{Pager, Toolbar},
    view::WorkloadsView,
};
use crate::url_state::{UrlQuery, UrlState};
use crate::{
    components::{
        AnswerPart, StaleMark, answer_page_with, follow_server_page, island_page_query, known_at,
        mark_hydrated, page_query, provide_page_url, retry_seconds,
    },
    error::AppError,
};
use runai::query::QueryParams;

/// The `id` of the results element, which says what the answer on screen holds.
pub const RESULTS_ID: &str = "results";

/// The workloads page.
#[component]
pub fn WorkloadsPage() -> impl IntoView {
    let query = page_query();
    // A submitted filter builder: answered with the view's own URL, as typing makes it.
    #[cfg(feature = "ssr")]
    if let Some(href) = super::filter_builder::built_href(&query) {
        leptos_axum::redirect(&href);
    }
    let current = WorkloadsView::from_params(&QueryParams::parse(&query));
    // A URL with parameters that cannot be used still shows the page (with the
    // reasons next to the controls), but answers 400 so it is not mistaken for fine.
    if !current.problems.is_empty() || !current.invalid_filters.is_empty() {
        answer_page_with(http::StatusCode::BAD_REQUEST);
    }
    let list_query = current.list_query();
    let (gpu_state, cause) = (current.gpu_state, current.cause.clone());
    let by_gpu_state = current.sort_by_gpu_state;
    // A resource, not a bare future: Suspense may build its children more than once,
    // and each build would call Run:ai again. Outside an island it is not serialized
    // into the page.
    let data = Resource::new(
        || (),
        move |()| {
            let query = list_query.clone();
            let cause = cause.clone();
            async move {
                let answer = get_workloads_page(query, gpu_state, cause, by_gpu_state).await;
                #[cfg(feature = "ssr")]
                if let Ok(page) = &answer {
                    crate::conditional::record_version(&page.clock_free());
                }
                answer
            }
        },
    );
    view! {
        <Title text="Workloads"/>
        <div class="page-head">
            <h1>"Workloads"</h1>
            <Toolbar current=current.clone()/>
        </div>
        <FilterBar current=current.clone() query=query.clone()/>
        <WorkloadsLive/>
        <Suspense fallback=|| ()>
            {move || {
                let current = current.clone();
                Suspend::new(async move {
                    let result = data.await;
                    view! { <Results result current/> }
                })
            }}
        </Suspense>
    }
}

/// What keeps the page current: it follows the server-rendered controls and the URL,
/// swaps in each new answer, and says when the answer on screen is stale. It takes no
/// props and reads its query from the address bar, so no JSON decoding reaches the
/// browser's main module.
#[island]
pub fn WorkloadsLive() -> impl IntoView {
    let url = provide_page_url("/workloads".to_owned(), island_page_query());
    let (stale, retry_s) = follow_server_page(url, RESULTS_ID, None);
    #[cfg(feature = "hydrate")]
    super::controls::follow_table_controls(url, RESULTS_ID);
    mark_hydrated();
    view! { <StaleMark stale retry_s/> }
}

/// One answer, as HTML: chips, status line, table and pager; or why there is none.
/// Its element carries what the island needs, as plain attributes (no JSON): when it
/// was fetched, or the error's kind and message; and the filter's suggestions for the
/// values it shows.
#[component]
fn Results(result: Result<WorkloadsAnswer, AppError>, current: WorkloadsView) -> impl IntoView {
    let failed = "Could not load workloads:";
    let retry_s = retry_seconds(current.refresh.millis());
    match result {
        Ok(page) => {
            let updated = crate::format::format_time_of_day(page.fetched_at);
            let seen = seen_in(&page.rows);
            view! {
                <AnswerPart id=RESULTS_ID answered=Ok(updated) failed retry_s>
                    <FilterSuggestions seen/>
                    <PhaseChips counts=page.phase_counts current=current.clone()/>
                    {current.cause.is_some().then(|| view! {
                        <p class="lede">
                            "Only the failures of one cause, as the failures page groups them. "
                            <a href=current.without_cause().href()>"Show every failure of the filter"</a>
                        </p>
                    })}
                    {current.gpu_state.map(|choice| view! {
                        <p class="lede">
                            {format!(
                                "Only running workloads {}, as the dashboard last checked (Run:ai does not know GPU states; the dashboard looks every few minutes). ",
                                choice.phrase(),
                            )}
                            <a href=current.with_gpu_state(None).href()>"Show every workload"</a>
                        </p>
                    })}
                    {page.truncated.then(|| view! {
                        <p class="partial" role="status">"More workloads than the dashboard reads at once (10,000): only the first are narrowed and sorted. Narrow the filters."</p>
                    })}
                    <p class="status-line" role="status">
                        <span data-testid="total">{page.total}</span> " workloads · updated "
                        {known_at(page.fetched_at)}
                    </p>
                    <ComparePick current=current.clone() on_page=page.rows.iter().map(|row| row.id.clone()).collect()/>
                    <Table rows=page.rows current=current.clone() now=page.fetched_at/>
                    <Pager current total=page.total/>
                </AnswerPart>
            }
            .into_any()
        }
        Err(error) => {
            view! { <AnswerPart id=RESULTS_ID answered=Err(error) failed retry_s/> }.into_any()
        }
    }
}
