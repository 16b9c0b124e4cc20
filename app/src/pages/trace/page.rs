//! The page: the chosen metric (`?metric=…`) as a chart and a per-phase table.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{ClusterSummary, TraceMetric, TraceSeries, UnknownMetric, get_trace_series, summarize};
use crate::{
    components::{
        LineChart, LineChartData, LineSeries, answer_page_with, mark_hydrated, page_query,
        provide_page_url,
    },
    format::format_seconds,
    pages::NotFound,
};

/// The trace page, in demo mode; elsewhere there is no such page (the recording is
/// the simulator's input, not the cluster's).
#[component]
pub fn TracePage() -> impl IntoView {
    if !demo_mode() {
        return view! { <NotFound/> }.into_any();
    }
    view! {
        <Title text="H100 trace"/>
        <TraceIsland query=page_query()/>
    }
    .into_any()
}

/// Whether the dashboard runs on its embedded simulator (pages render on the server).
fn demo_mode() -> bool {
    #[cfg(feature = "ssr")]
    return use_context::<crate::upstream::Upstream>().is_some_and(|upstream| upstream.info.demo);
    #[cfg(not(feature = "ssr"))]
    true
}

/// The whole page is one island, lazy: its code (and charming's) is a WASM chunk
/// fetched only here.
#[island(lazy)]
fn TraceIsland(
    /// The page's query as the server read it.
    query: String,
) -> impl IntoView {
    let url = provide_page_url("/trace".to_owned(), query);
    mark_hydrated();
    let metric = Memo::new(move |_| {
        url.params()
            .get("metric")
            .map_or(Ok(TraceMetric::default()), |word| {
                word.parse::<TraceMetric>()
            })
    });
    let series = Resource::new(
        move || metric.get().ok(),
        |metric| async move {
            match metric {
                Some(metric) => get_trace_series(metric).await.map(Some),
                None => Ok(None),
            }
        },
    );

    view! {
        <h1>"H100 trace"</h1>
        <p class="lede">
            "What one NVIDIA H100 did over three minutes of real work: idle, training a "
            "transformer, serving inference, then sitting idle with its memory still allocated."
        </p>
        <ClusterSummary/>
        <MetricPicker current=metric/>
        {move || metric.get().err().map(|err| view! { <BadMetric err/> })}
        <Transition fallback=|| view! { <p role="status">"Loading the trace…"</p> }>
            {move || Suspend::new(async move {
                match series.await {
                    Ok(Some(series)) => view! { <TraceView series/> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(err) => view! {
                        <p role="alert" class="error">"Could not load the trace: " {err.to_string()}</p>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

/// Links to each metric; the URL holds the choice, so every view can be shared.
#[component]
fn MetricPicker(current: Memo<Result<TraceMetric, UnknownMetric>>) -> impl IntoView {
    view! {
        <nav aria-label="Metric" class="segmented">
            {TraceMetric::ALL
                .into_iter()
                .map(|metric| {
                    let is_current = move || current.get().ok() == Some(metric);
                    // A plain link: the page's island follows it in place (use_page_url).
                    view! {
                        <a
                            href=format!("?metric={}", metric.as_str())
                            aria-current=move || is_current().then_some("page")
                        >
                            {metric.label()}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// Explains a `?metric=` word that names nothing; answers 400 when server-rendered.
#[component]
fn BadMetric(err: UnknownMetric) -> impl IntoView {
    answer_page_with(http::StatusCode::BAD_REQUEST);
    view! { <p role="alert" class="error">{err.to_string()}</p> }
}

/// The chart and the per-phase table of one metric.
#[component]
fn TraceView(series: TraceSeries) -> impl IntoView {
    let metric = series.metric;
    let unit = metric.unit();
    let summary = summarize(&series);
    let chart = LineChartData {
        x_name: "time since start (s)".into(),
        x_time: false,
        y_unit: unit,
        series: vec![LineSeries {
            name: metric.label().into(),
            points: series.points.iter().map(|p| (p.t_s, p.value)).collect(),
        }],
    };
    let caption = format!(
        "{} on {}, per phase ({} samples)",
        metric.label(),
        series.device,
        series.points.len()
    );

    view! {
        <section aria-labelledby="trace-chart-title">
            <h2 id="trace-chart-title">{metric.label()} " over time"</h2>
            <LineChart label=format!("{} over time", metric.label()) data=Signal::stored(chart)/>
        </section>
        <table>
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">"Phase"</th>
                    <th scope="col">"Duration"</th>
                    <th scope="col" class="num">"Samples"</th>
                    <th scope="col" class="num">"Mean"</th>
                    <th scope="col" class="num">"Peak"</th>
                </tr>
            </thead>
            <tbody>
                {summary
                    .into_iter()
                    .map(|row| {
                        view! {
                            <tr>
                                <th scope="row">{row.phase}</th>
                                <td>{format_seconds(row.duration_s)}</td>
                                <td class="num">{row.samples}</td>
                                <td class="num">{unit.format(row.mean)}</td>
                                <td class="num" data-value=row.peak>{unit.format(row.peak)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
