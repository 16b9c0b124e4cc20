//! The detail page: the workload, why it waits, its charts over the URL's time range.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    data::{LatencyHistogram, Lookup, MetricsCharts, get_workload, get_workload_metrics},
    queue_panel::QueuePanel,
    range::TimeRange,
    range_bar::RangeBar,
    sections::{Facts, Sections, WhyPending},
    view::WorkloadView,
};
use crate::url_state::{UrlQuery, UrlState};
use crate::{
    components::Refresh,
    components::{
        ErrorNote, LineChart, PhaseBadge, RetryByReloading, answer_page_with, mark_hydrated,
        page_query, provide_page_url, retry_seconds, use_live,
    },
    error::AppError,
};
use runai::{model::WorkloadDetailed, query::QueryParams};

/// Whether the workload serves inference (and so has NIM metrics).
fn is_inference(detail: &WorkloadDetailed) -> bool {
    let w = &detail.workload;
    w.category == "Deploy" || w.type_.contains("Inference") || w.type_ == "LeaderWorkerSet"
}

/// The detail page: the workload's facts and sections as server HTML; the range bar
/// and the charts are an island (`WorkloadCharts`).
#[component]
pub fn WorkloadPage() -> impl IntoView {
    let id = leptos_router::hooks::use_params_map()
        .get_untracked()
        .get("id")
        .unwrap_or_default();
    let query = page_query();
    let params = QueryParams::parse(&query);
    // Back to the table as it was: its state, re-encoded canonically.
    let table = params.get("back").unwrap_or_default();
    let back_href =
        crate::pages::workloads::view::WorkloadsView::from_params(&QueryParams::parse(table))
            .href();
    let retry_s = retry_seconds(None);
    // A resource, not a bare future: Suspense may build its children more than once.
    let detail = Resource::new(|| (), {
        let id = id.clone();
        move |()| {
            let id = id.clone();
            async move {
                let id = uuid::Uuid::parse_str(&id).map_err(|_| {
                    AppError::bad_request(format!("“{id}” is not a workload id (a UUID)"))
                })?;
                get_workload(id).await
            }
        }
    });
    view! {
        <p class="back"><a href=back_href>"← Workloads"</a></p>
        <Suspense fallback=|| ()>
            {move || {
                let (id, query) = (id.clone(), query.clone());
                Suspend::new(async move {
                match detail.await {
                    Ok(Lookup::Found(found)) => view! { <Found detail=*found query/> }.into_any(),
                    Ok(Lookup::NotFound) => view! {
                        {answer_page_with(http::StatusCode::NOT_FOUND)}
                        <Title text="Workload not found"/>
                        <h1>"Workload not found"</h1>
                        <p>"No workload with the id " <code>{id}</code> " exists, or it was deleted long ago."</p>
                    }.into_any(),
                    Ok(Lookup::Forbidden) => view! {
                        {answer_page_with(http::StatusCode::FORBIDDEN)}
                        <Title text="No access"/>
                        <h1>"No access"</h1>
                        <p role="alert">"You don't have access to this workload: it belongs to a department or project your Run:ai credentials do not cover."</p>
                    }.into_any(),
                    Err(err) => view! {
                        <Title text="Workload"/>
                        <h1>"Workload"</h1>
                        <ErrorNote prefix="Could not load the workload:" error=err retry_s/>
                        <RetryByReloading/>
                    }.into_any(),
                }
            })
            }}
        </Suspense>
    }
}

/// A workload that exists: its header, why it waits, facts, charts and sections.
#[component]
fn Found(detail: WorkloadDetailed, query: String) -> impl IntoView {
    let w = detail.workload.clone();
    let phase_title = w
        .phase_message
        .clone()
        .or(w.phase_reason.as_ref().map(|r| r.to_string()));
    view! {
        <Title text=w.name.clone()/>
        <div class="page-head">
            <h1 class="workload-name">{w.name.clone()}</h1>
            <PhaseBadge phase=w.phase.to_string() detail=phase_title/>
        </div>
        <WhyPending detail=detail.clone()/>
        {(w.phase == runai::model::Phase::Pending).then(|| view! { <QueuePanel id=w.id/> })}
        <Facts workload=w.clone()/>
        <WorkloadCharts id=w.id.to_string() query inference=is_inference(&detail)/>
        <Sections workload=w/>
    }
}

/// The range bar and the charts over the URL's time range. Lazy: its code is a WASM
/// chunk fetched only on workload pages. Its charts arrive drawn by the server
/// ([`get_workload_metrics`]).
#[island(lazy)]
fn WorkloadCharts(
    /// The workload's id.
    id: String,
    /// The page's query as the server read it.
    query: String,
    /// Whether it serves inference (and so has NIM metrics).
    inference: bool,
) -> impl IntoView {
    // The path as `href` writes it (the id as Run:ai spells it), so the range bar's
    // links and a zoom stay on this page.
    let page_url = provide_page_url(format!("/workloads/{id}"), query);
    mark_hydrated();
    let url = Memo::new(move |_| page_url.params());
    let view = Memo::new(move |_| WorkloadView::from_params(&url.read()));
    let range = Memo::new(move |_| view.read().range.clone());
    let back = Memo::new(move |_| view.read().back.clone());
    let refresh = Memo::new(move |_| view.read().refresh);
    let problems = Memo::new(move |_| view.read().problems.clone());
    // Samples follow the chart width once the browser knows it (the server renders 120).
    let samples = RwSignal::new(120u16);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let width = window()
            .inner_width()
            .ok()
            .and_then(|w| w.as_f64())
            .unwrap_or(960.0);
        samples.set(((width / 4.0) as u16).clamp(30, 1000));
    });
    // Optional auto-refresh, as on the table (`?refresh=30s`); a fixed window never
    // moves. A failed load is retried either way.
    let live = use_live::<MetricsCharts>(Signal::derive(move || {
        match (refresh.get(), &*range.read()) {
            (Refresh::Seconds(s), TimeRange::Last { .. }) => Some(u64::from(s) * 1000),
            _ => None,
        }
    }));
    let metrics = Resource::new(
        {
            let id = id.clone();
            move || (id.clone(), range.read().clone(), samples.get(), live.tick())
        },
        move |(id, range, samples, _)| async move {
            // The id is Run:ai's own (the page found the workload by it).
            let id = uuid::Uuid::parse_str(&id)
                .map_err(|_| AppError::bad_request(format!("“{id}” is not a workload id")))?;
            get_workload_metrics(id, range, samples, inference).await
        },
    );
    let id_for_charts = id.clone();
    // Drag-to-zoom on any chart narrows the one shared range (a new URL).
    let zoom = {
        let id = id.clone();
        Callback::new(move |(start, end): (f64, f64)| {
            let (Some(from), Some(to)) = (
                runai::model::Timestamp::from_unix_millis(start as i64),
                runai::model::Timestamp::from_unix_millis(end as i64),
            ) else {
                return;
            };
            page_url.go(
                &TimeRange::Between { from, to }.href_back_to(&id, &back.get_untracked()),
                false,
            );
        })
    };
    view! {
        <RangeBar id=id.clone() range back refresh problems/>
        // Only this Transition may read the metrics resource: a read outside it would
        // make the page's own Suspense re-render this component, and so re-create
        // (and re-fetch) the resource, forever.
        <Transition fallback=|| view! { <p role="status">"Loading metrics…"</p> }>
            {move || {
                let id = id_for_charts.clone();
                Suspend::new(async move {
                live.show(
                    metrics.await,
                    "Could not load metrics:",
                    MetricsCharts::updated,
                    |_| true,
                    move |data| {
                        let frozen = TimeRange::Between { from: data.start, to: data.end }
                            .href_back_to(&id, &back.get_untracked());
                        view! { <Charts data frozen zoom/> }
                    },
                )
            })
            }}
        </Transition>
    }
}

/// Every chart with data, what is missing, and the latest latency histograms.
/// `frozen` is this page's link with the window as absolute times.
#[component]
fn Charts(data: MetricsCharts, frozen: String, zoom: Callback<(f64, f64)>) -> impl IntoView {
    let MetricsCharts {
        panels,
        histograms,
        missing,
        start,
        end,
        ..
    } = data;
    let window = format!("{start} → {end}");
    let frozen_link = view! {
        <p class="window">
            "Window: " <span data-testid="window">{window}</span> " · "
            <a href=frozen>"Link to this exact window"</a>
        </p>
    };
    if panels.is_empty() {
        return view! {
            {frozen_link}
            <p class="empty" role="status">"No metrics in this window: the workload was not running then."</p>
        }
        .into_any();
    }
    view! {
        {frozen_link}
        {(!missing.is_empty()).then(|| view! {
            <p class="partial" role="status">
                "Not available from Run:ai for this workload: " {missing.join(", ")}
                ". The control plane answered with partial data: NIM metrics exist only for inference workloads served by NIM, and limits only where they were set."
            </p>
        })}
        <div class="charts">
            {panels.into_iter().map(|panel| view! {
                <section class="chart-panel" aria-label=panel.title.clone()>
                    <h2>{panel.title.clone()}</h2>
                    <LineChart label=format!("{} over time", panel.title) option=Signal::stored(panel.option) on_zoom=zoom/>
                </section>
            }).collect_view()}
        </div>
        {histograms.into_iter().map(|LatencyHistogram { title, rows }| view! {
            <table class="histogram">
                <caption>{format!("{title}: requests served within each bound (cumulative, latest sample)")}</caption>
                <thead><tr><th scope="col">"≤ seconds"</th><th scope="col" class="num">"Requests"</th></tr></thead>
                <tbody>{rows.into_iter().map(|(bound, count)| view! { <tr><th scope="row">{bound}</th><td class="num">{count}</td></tr> }).collect_view()}</tbody>
            </table>
        }).collect_view()}
    }
    .into_any()
}
