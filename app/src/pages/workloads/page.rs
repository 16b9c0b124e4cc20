//! The page. The server reads the view from the URL, loads one page of rows and renders
//! the results (chips, status line, table, pager) as plain HTML; the island
//! [`WorkloadsControls`] holds the controls and keeps those results current: a change
//! of view or a refresh loads the page's new results and swaps them in
//! ([`super::live`]), so only the controls' code reaches the browser.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    data::{WorkloadsAnswer, get_workloads_page},
    filter_bar::{FilterBar, PhaseChips},
    live::{RESULTS_ID, follow_results},
    seen::{SeenValues, seen_query},
    table::Table,
    toolbar::{Pager, Toolbar},
    view::{Go, WorkloadsView},
};
use crate::url_state::{UrlQuery, UrlState};
use crate::{
    components::{
        ErrorNote, StaleNote, answer_page_with, island_page_query, known_at, mark_hydrated,
        page_query, provide_page_url, retry_seconds,
    },
    error::AppError,
};
use runai::query::QueryParams;

/// The workloads page.
#[component]
pub fn WorkloadsPage() -> impl IntoView {
    let query = page_query();
    let current = WorkloadsView::from_params(&QueryParams::parse(&query));
    // A URL with parameters that cannot be used still shows the page (with the
    // reasons next to the controls), but answers 400 so it is not mistaken for fine.
    if !current.problems.is_empty() || !current.invalid_filters.is_empty() {
        answer_page_with(http::StatusCode::BAD_REQUEST);
    }
    let list_query = current.list_query();
    // A resource, not a bare future: Suspense may build its children more than once,
    // and each build would call Run:ai again. Outside an island it is not serialized
    // into the page.
    let data = Resource::new(
        || (),
        move |()| {
            let query = list_query.clone();
            async move {
                let answer = get_workloads_page(query).await;
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
        <WorkloadsControls/>
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

/// The controls (sort, columns, refresh, filters, search) and the live results. It
/// reads its page's query itself rather than taking it as a prop, so that no JSON
/// decoding reaches the browser's main module.
#[island]
pub fn WorkloadsControls() -> impl IntoView {
    let url = provide_page_url("/workloads".to_owned(), island_page_query());
    let view = Memo::new(move |_| WorkloadsView::from_params(&url.params()));
    let go: Go = Callback::new(move |next: WorkloadsView| url.go(&next.href(), false));
    let seen = SeenValues(RwSignal::new(Default::default()));
    let (stale, retry_s) = follow_results(url, view, seen);
    mark_hydrated();
    view! {
        <div class="page-head">
            <h1>"Workloads"</h1>
            <Toolbar view go/>
        </div>
        <FilterBar view go seen/>
        {move || stale.get().map(|(updated, error)| view! {
            <StaleNote updated error retry_s=retry_s.get()/>
        })}
    }
}

/// One answer, as HTML: chips, status line, table and pager; or why there is none.
/// Its element carries what the island needs, as plain attributes (no JSON): when it
/// was fetched, the values seen (for the filter's suggestions), or the error's kind and
/// message.
#[component]
fn Results(result: Result<WorkloadsAnswer, AppError>, current: WorkloadsView) -> impl IntoView {
    match result {
        Ok(page) => {
            let updated = crate::format::format_time_of_day(page.fetched_at);
            let seen = seen_query(&page.rows);
            view! {
                <div id=RESULTS_ID data-updated=updated data-seen=seen>
                    <PhaseChips counts=page.phase_counts current=current.clone()/>
                    <p class="status-line" role="status">
                        <span data-testid="total">{page.total}</span> " workloads · updated "
                        {known_at(page.fetched_at)}
                    </p>
                    <Table rows=page.rows current=current.clone() now=page.fetched_at/>
                    <Pager current total=page.total/>
                </div>
            }
            .into_any()
        }
        Err(error) => {
            let retry_s = retry_seconds(current.refresh.millis());
            let (kind, message) = (error.kind().name(), error.message().to_owned());
            view! {
                <div id=RESULTS_ID data-error=kind data-error-message=message>
                    <ErrorNote prefix="Could not load workloads:" error retry_s/>
                </div>
            }
            .into_any()
        }
    }
}
