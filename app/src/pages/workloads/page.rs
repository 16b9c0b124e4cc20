//! The page: reads the view from the URL, loads the data, refreshes it, and lays out
//! the controls and the table.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    NavigateOptions,
    hooks::{use_navigate, use_query_map},
};

use super::{
    data::{WorkloadsPage as PageData, get_workloads_page},
    filter_bar::{FilterBar, PhaseChips, SeenValues},
    table::{Table, TableSkeleton},
    toolbar::{Pager, Toolbar},
    view::{Refresh, WorkloadsView},
};
use crate::{
    components::{ErrorNote, LoadHealth, StaleNote, use_load_health},
    runai::query::QueryParams,
};

/// Goes to `view`'s URL (a history entry, so back/forward step through changes).
pub type Go = Callback<WorkloadsView>;

/// The workloads page.
#[component]
pub fn WorkloadsPage() -> impl IntoView {
    let query = use_query_map();
    let view = Memo::new(move |_| {
        let params = query.read();
        let pairs = params.clone().into_iter().map(|(k, v)| (k.to_string(), v));
        WorkloadsView::from_params(&QueryParams::from_pairs(pairs))
    });
    // A URL with parameters that cannot be used still shows the page (with the
    // reasons next to the controls), but answers 400 so it is not mistaken for fine.
    #[cfg(feature = "ssr")]
    {
        let current = view.get_untracked();
        if (!current.problems.is_empty() || !current.invalid_filters.is_empty())
            && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        {
            response.set_status(http::StatusCode::BAD_REQUEST);
        }
    }
    let navigate = use_navigate();
    let go: Go = Callback::new(move |next: WorkloadsView| {
        navigate(&next.href(), NavigateOptions::default())
    });

    // Live refresh: a tick that re-runs the query (and retries a failed one); skipped
    // while the tab is hidden.
    let health = use_load_health(Signal::derive(move || match view.read().refresh {
        Refresh::Off => None,
        Refresh::Seconds(s) => Some(u64::from(s) * 1000),
    }));

    let data = Resource::new(
        move || {
            (
                view.read().list_query().to_query_string(),
                health.tick.get(),
            )
        },
        |(query, _)| get_workloads_page(query),
    );
    // The last good answer, shown (marked stale) when a refresh fails.
    let last_good = RwSignal::new(None::<PageData>);
    let seen = SeenValues(RwSignal::new(Default::default()));

    view! {
        <Title text="Workloads"/>
        <div class="page-head">
            <h1>"Workloads"</h1>
            <Toolbar view go/>
        </div>
        <FilterBar view go seen/>
        <Transition fallback=move || view! { <TableSkeleton columns=view.get_untracked().visible_columns().len()/> }>
            // Reading the view here (tracked) redraws for changes that need no new data,
            // such as the columns; the resource answers those from what it has.
            {move || {
                let current = view.get();
                Suspend::new(async move {
                let result = data.await;
                health.report(result.as_ref().err());
                match result {
                    Ok(page) => {
                        seen.learn(&page.rows);
                        last_good.set(Some(page.clone()));
                        view! { <Loaded page current go stale=None health/> }.into_any()
                    }
                    Err(error) => match last_good.get_untracked() {
                        Some(page) => view! { <Loaded page current go stale=Some(error) health/> }.into_any(),
                        None => view! { <ErrorNote prefix="Could not load workloads:" error retry_s=health.retry_seconds()/> }.into_any(),
                    },
                }
            })
            }}
        </Transition>
    }
}

/// Chips, status line, table and pager for one answer.
#[component]
fn Loaded(
    page: PageData,
    current: WorkloadsView,
    go: Go,
    stale: Option<ServerFnError>,
    health: LoadHealth,
) -> impl IntoView {
    let updated = page.fetched_at.0.format("%H:%M:%S UTC").to_string();
    let stale_note = stale.map(|error| {
        view! { <StaleNote updated=updated.clone() error retry_s=health.retry_seconds()/> }
    });
    view! {
        <PhaseChips counts=page.phase_counts.clone() current=current.clone()/>
        {stale_note}
        <p class="status-line" role="status">
            <span data-testid="total">{page.total}</span> " workloads · updated "
            <time datetime=page.fetched_at.to_string()>{updated.clone()}</time>
        </p>
        <Table rows=page.rows.clone() current=current.clone() now=page.fetched_at/>
        <Pager current total=page.total go/>
    }
}
