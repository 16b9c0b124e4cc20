//! The page. The server reads the view from the URL, loads one page of rows and renders
//! the results (chips, status line, table, pager) as plain HTML; the island
//! [`WorkloadsControls`] holds the controls and keeps those results current: a change
//! of view or a refresh loads the page's new results and swaps them in
//! ([`super::live`]), so only the controls' code reaches the browser.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    data::{WorkloadsPage as PageData, get_workloads_page},
    filter_bar::{FilterBar, PhaseChips, SeenValues},
    live::{RESULTS_ID, follow_results, seen_in},
    table::Table,
    toolbar::{Pager, Toolbar},
    view::WorkloadsView,
};
use crate::components::{
    ErrorNote, StaleNote, error_message, mark_hydrated, page_query, provide_page_url, retry_seconds,
};
use runai::query::QueryParams;

/// Goes to `view`'s URL (a history entry, so back/forward step through changes).
pub type Go = Callback<WorkloadsView>;

/// The workloads page.
#[component]
pub fn WorkloadsPage() -> impl IntoView {
    let query = page_query();
    let current = WorkloadsView::from_params(&QueryParams::parse(&query));
    // A URL with parameters that cannot be used still shows the page (with the
    // reasons next to the controls), but answers 400 so it is not mistaken for fine.
    #[cfg(feature = "ssr")]
    if (!current.problems.is_empty() || !current.invalid_filters.is_empty())
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
    {
        response.set_status(http::StatusCode::BAD_REQUEST);
    }
    let list_query = current.list_query().to_query_string();
    // A resource, not a bare future: Suspense may build its children more than once,
    // and each build would call Run:ai again. Outside an island it is not serialized
    // into the page.
    let data = Resource::new(|| (), move |()| get_workloads_page(list_query.clone()));
    view! {
        <Title text="Workloads"/>
        <WorkloadsControls query/>
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

/// The controls (sort, columns, refresh, filters, search) and the live results.
#[island]
pub fn WorkloadsControls(
    /// The page's query as the server read it.
    query: String,
) -> impl IntoView {
    let url = provide_page_url("/workloads".to_owned(), query);
    let view = Memo::new(move |_| WorkloadsView::from_params(&url.params()));
    let go: Go = Callback::new(move |next: WorkloadsView| url.go(&next.href(), false));
    let seen = SeenValues(RwSignal::new(Default::default()));
    let stale = follow_results(url, view, seen);
    mark_hydrated();
    view! {
        <div class="page-head">
            <h1>"Workloads"</h1>
            <Toolbar view go/>
        </div>
        <FilterBar view go seen/>
        {move || stale.get().map(|stale| view! {
            <StaleNote updated=stale.updated error=ServerFnError::new(stale.message) retry_s=stale.retry_s/>
        })}
    }
}

/// One answer, as HTML: chips, status line, table and pager; or why there is none.
/// Its element carries what the island needs: when it was fetched, the values seen
/// (for the filter's suggestions), or the error.
#[component]
fn Results(result: Result<PageData, ServerFnError>, current: WorkloadsView) -> impl IntoView {
    match result {
        Ok(page) => {
            let updated = page.fetched_at.0.format("%H:%M:%S UTC").to_string();
            let seen = serde_json::to_string(&seen_in(&page.rows)).unwrap_or_default();
            let shown = updated.clone();
            view! {
                <div id=RESULTS_ID data-updated=shown data-seen=seen>
                    <PhaseChips counts=page.phase_counts current=current.clone()/>
                    <p class="status-line" role="status">
                        <span data-testid="total">{page.total}</span> " workloads · updated "
                        <time datetime=page.fetched_at.to_string()>{updated}</time>
                    </p>
                    <Table rows=page.rows current=current.clone() now=page.fetched_at/>
                    <Pager current total=page.total/>
                </div>
            }
            .into_any()
        }
        Err(error) => {
            let retry_s = retry_seconds(current.refresh.millis());
            let message = error_message(&error);
            view! {
                <div id=RESULTS_ID data-error=message>
                    <ErrorNote prefix="Could not load workloads:" error retry_s/>
                </div>
            }
            .into_any()
        }
    }
}
