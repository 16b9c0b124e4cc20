//! The detail page: the workload, why it waits, its charts over the URL's time range.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    data::{Lookup, get_workload, get_workload_metrics},
    drawn::{GpuStateNote, LatencyHistogram, MetricsCharts},
    queue_panel::QueuePanel,
    range::TimeRange,
    range_bar::RangeBar,
    sections::{Facts, Sections},
    view::{GpuLines, WorkloadView},
    why_pending::WhyPending,
};
use crate::url_state::{UrlQuery, UrlState};
#[cfg(feature = "hydrate")]
use crate::url_state::{with_param, with_query};
use crate::{
    components::{
        AnswerPart, PhaseBadge, RetryByReloading, ServerChart, StaleMark, answer_page_with,
        follow_server_page, island_page_path, island_page_query, mark_hydrated, page_query,
        provide_page_url, retry_seconds,
    },
    error::AppError,
};
use runai::{model::WorkloadDetailed, query::QueryParams};
use uuid::Uuid;

/// The detail page: the workload's facts, sections, range bar and charts as server
/// HTML; one small lazy island (`WorkloadChartsLive`) draws the charts and keeps them
/// current.
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
                    // The charts' part says why, so that a page already on screen keeps
                    // its charts, marked stale with this reason, when a refresh finds
                    // the workload cannot be read.
                    Err(err) => view! {
                        <Title text="Workload"/>
                        <h1>"Workload"</h1>
                        <AnswerPart id=CHARTS_ID answered=Err(err) failed="Could not load the workload:" retry_s/>
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
    let phase_title = w.phase_message.clone().or(w
        .phase_reason
        .as_ref()
        .map(|r| crate::queue::Blocked::phase_reason_sentence(r.as_str())));
    view! {
        <Title text=w.name.clone()/>
        <div class="page-head">
            <h1 class="workload-name">{w.name.clone()}</h1>
            <PhaseBadge phase=w.phase.to_string() detail=phase_title/>
        </div>
        <p class="page-actions">
            <a href=format!("/compare?ids={}", w.id)>"Compare with…"</a>
        </p>
        <WhyPending detail=detail.clone()/>
        {(w.phase == runai::model::Phase::Pending).then(|| view! { <QueuePanel id=w.id/> })}
        <Facts workload=w.clone()/>
        <WorkloadWindow id=w.id query inference=crate::metric_series::serves_inference(&detail.workload)/>
        <Sections workload=w/>
    }
}

/// The `id` of the charts' part, which says what the metrics answer holds.
const CHARTS_ID: &str = "charts";

/// The range bar and the charts over the URL's time range, as server HTML; the island
/// [`WorkloadChartsLive`] draws the charts and keeps the part current.
#[component]
fn WorkloadWindow(id: Uuid, query: String, inference: bool) -> impl IntoView {
    let view = WorkloadView::from_params(&QueryParams::parse(&query));
    let (range, gpus) = (view.range.clone(), view.gpus);
    // A resource, not a bare future: Suspense may build its children more than once.
    let metrics = Resource::new(
        || (),
        move |()| get_workload_metrics(id, range.clone(), 120, inference, Some(gpus)),
    );
    let id = id.to_string();
    view! {
        <RangeBar id=id.clone() view=view.clone()/>
        <WorkloadChartsLive/>
        <Suspense fallback=|| view! { <p role="status">"Loading metrics…"</p> }>
            {move || {
                let (id, view) = (id.clone(), view.clone());
                let retry_s = retry_seconds(view.refresh.millis());
                Suspend::new(async move {
                    let failed = "Could not load metrics:";
                    match metrics.await {
                        Ok(data) => {
                            let updated = data.updated();
                            let frozen = view.href_with_range(
                                &id,
                                TimeRange::Between { from: data.start, to: data.end },
                            );
                            // The other way to draw the GPUs, when there is more than one.
                            let other_gpus = (data.gpus > 1).then(|| {
                                let (gpus, words) = match view.gpus {
                                    GpuLines::Spread => (GpuLines::Each, "Show each GPU"),
                                    GpuLines::Each => (GpuLines::Spread, "Show the GPUs' mean and range"),
                                };
                                (WorkloadView { gpus, ..view.clone() }.href(&id), words)
                            });
                            view! {
                                <AnswerPart id=CHARTS_ID answered=Ok(updated) failed retry_s>
                                    <Charts data frozen other_gpus/>
                                </AnswerPart>
                            }
                            .into_any()
                        }
                        Err(error) => view! {
                            <AnswerPart id=CHARTS_ID answered=Err(error) failed retry_s/>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// What keeps the range bar and the charts current: it draws the server's charts,
/// follows the range bar's controls and a drag across any chart (a new window in the
/// URL), swaps in each new answer, and says when the one on screen is stale. Lazy: its
/// code, and the chart drawing, is a WASM chunk fetched only on workload pages. It takes
/// no props: it reads its page from the address bar.
#[island(lazy)]
fn WorkloadChartsLive() -> impl IntoView {
    let url = provide_page_url(island_page_path(), island_page_query());
    #[cfg(feature = "hydrate")]
    let swapped = {
        use crate::components::{EchartsBuild, draw_server_charts, follow_param_controls};
        follow_param_controls(url);
        super::range_bar::follow_absolute_range(url);
        // A drag across a chart narrows the one shared window (a new URL).
        let zoom = Callback::new(move |(start, end): (f64, f64)| {
            let iso = |ms: f64| {
                String::from(
                    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms)).to_iso_string(),
                )
            };
            let query = with_param(&url.query_untracked(), "range", "");
            let query = with_param(&with_param(&query, "from", &iso(start)), "to", &iso(end));
            url.go(&with_query(&url.path(), &query), false);
        });
        Some(draw_server_charts(
            CHARTS_ID,
            EchartsBuild::Lines,
            Some(zoom),
        ))
    };
    #[cfg(not(feature = "hydrate"))]
    let swapped = None;
    let (stale, retry_s) = follow_server_page(url, CHARTS_ID, swapped);
    mark_hydrated();
    view! { <StaleMark stale retry_s/> }
}

/// What the GPUs are doing now, and since when, as the dashboard last checked.
#[component]
fn GpuStateLine(note: GpuStateNote) -> impl IntoView {
    let class = if note.wastes_gpus {
        "partial"
    } else {
        "window"
    };
    view! {
        <p class=class role="status" data-testid="gpu-state">
            "GPU state: " <strong>{note.label}</strong>
            {note.since.map(|since| view! { " since " {crate::time_zone::shown_instant(since)} })}
            {note.wastes_gpus.then_some(
                ", holding its GPUs while they do nothing (shaded on the utilization chart)",
            )}
            ". As the dashboard last checked, every few minutes."
        </p>
    }
}

/// Every chart with data, what is missing, and the latest latency histograms.
/// `frozen` is this page's link with the window as absolute times; `other_gpus`, the
/// link that draws the GPUs the other way, and its words.
#[component]
fn Charts(
    data: MetricsCharts,
    frozen: String,
    other_gpus: Option<(String, &'static str)>,
) -> impl IntoView {
    let MetricsCharts {
        panels,
        histograms,
        missing,
        start,
        end,
        gpu_state,
        ..
    } = data;
    // In the viewer's zone, as every time on the page.
    let window = view! {
        {crate::time_zone::shown_instant(start)} " → " {crate::time_zone::shown_instant(end)}
    };
    let frozen_link = view! {
        <p class="window">
            "Window: " <span data-testid="window">{window}</span> " · "
            <a href=frozen>"Link to this exact window"</a>
            {other_gpus.map(|(href, words)| view! { " · " <a href=href>{words}</a> })}
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
        {gpu_state.map(|note| view! { <GpuStateLine note/> })}
        {(!missing.is_empty()).then(|| view! {
            <p class="partial" role="status">
                "Not available from Run:ai for this workload: " {missing.join(", ")}
                ". The control plane answered with partial data: NIM metrics exist only for inference workloads served by NIM, and limits only where they were set."
            </p>
        })}
        <div class="charts">
            {panels.into_iter().map(|panel| view! {
                <section class="chart-panel">
                    <h2>{panel.title.clone()}</h2>
                    <ServerChart label=format!("{} over time", panel.title) option=panel.option x_shift_ms=panel.x_shift_ms/>
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
