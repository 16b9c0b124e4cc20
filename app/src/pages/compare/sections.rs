//! The comparison's parts around its charts: who is compared (each in its colour, told
//! in words too, or hidden and why), the controls (alignment, window, GPUs, CSV), the
//! window in words, each workload's numbers and the facts side by side.

use leptos::prelude::*;

use super::{
    answer::{COLOURS, FactRow, Member, Seen, Summary, WindowShown},
    view::{Align, CompareView, SINCE_START_PRESETS},
};
use crate::{
    components::RefreshSelect,
    format::format_seconds,
    metric_series::{
        GpuLines,
        range::{PRESETS, TimeRange},
    },
    url_state::UrlState,
};

/// A workload's colour: its swatch (hidden from assistive technology) and its name.
fn colour_of(colour: usize) -> (&'static str, &'static str) {
    COLOURS[colour % COLOURS.len()]
}

/// The compared workloads, in the URL's order: each linked to its page, in its colour,
/// with a way to remove it; the hidden ones named by id with why.
#[component]
pub fn ComparedList(members: Vec<Member>, view: CompareView) -> impl IntoView {
    view! {
        <ul class="compared" aria-label="Compared workloads">
            {members.into_iter().map(|member| {
                let remove = member.id.parse().map(|id| view.removing(id).href()).ok();
                let (what, notes) = match member.seen {
                    Seen::Shown(shown) => {
                        let (hex, colour) = colour_of(shown.colour);
                        let mut notes = Vec::new();
                        if !shown.missing.is_empty() {
                            notes.push(format!(
                                "Not available from Run:ai for it (a partial answer): {}.",
                                shown.missing.join(", ")
                            ));
                        }
                        if let Some(why) = shown.no_metrics {
                            notes.push(format!("Not on the charts: {why}."));
                        }
                        let what = view! {
                            <span class="swatch" style=format!("background:{hex}") aria-hidden="true"></span>
                            <a href=format!("/workloads/{}", member.id)>{shown.name.clone()}</a>
                            {format!(" — {}, {} · drawn in {colour}", shown.project, shown.phase)}
                        }
                        .into_any();
                        (what, notes)
                    }
                    hidden => {
                        let why = match hidden {
                            Seen::Forbidden => "you don't have access to it: it belongs to a project your Run:ai credentials do not cover".to_owned(),
                            Seen::NotFound => "no workload has this id, or it was deleted long ago".to_owned(),
                            Seen::Unreadable(why) => format!("Run:ai could not be asked about it: {why}"),
                            Seen::Shown(_) => String::new(),
                        };
                        let what = view! {
                            <strong>"Hidden workload"</strong>
                            " " <code>{member.id.clone()}</code> {format!(": {why}.")}
                        }
                        .into_any();
                        (what, Vec::new())
                    }
                };
                view! {
                    <li>
                        {what}
                        {notes.into_iter().map(|note| view! { <p class="partial">{note}</p> }).collect_view()}
                        {remove.map(|href| view! { " " <a href=href class="remove">"Remove"</a> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// A link that is the current choice (`aria-current`) or leads to it.
fn choice(label: String, href: String, current: bool) -> AnyView {
    view! { <a href=href aria-current=current.then_some("true")>{label}</a> }.into_any()
}

/// How times line up, the window, the GPUs' lines, auto-refresh and the CSV.
#[component]
pub fn Controls(
    view: CompareView,
    window: WindowShown,
    several_gpus: bool,
    csv: String,
) -> impl IntoView {
    let aligns = [
        (Align::Start, "Since each started"),
        (Align::Clock, "On the clock"),
    ]
    .map(|(align, label)| {
        choice(
            label.to_owned(),
            view.aligned(align).href(),
            view.align == align,
        )
    });
    let windows: Vec<AnyView> = match view.align {
        Align::Start => SINCE_START_PRESETS
            .iter()
            .map(|(label, until)| {
                let next = view.with(|next| {
                    next.since_s = 0;
                    next.until_s = Some(*until);
                });
                choice(
                    (*label).to_owned(),
                    next.href(),
                    view.since_s == 0 && view.until_s == Some(*until),
                )
            })
            .chain([choice(
                "Whole runs".to_owned(),
                view.with(|next| {
                    next.since_s = 0;
                    next.until_s = None;
                })
                .href(),
                view.since_s == 0 && view.until_s.is_none(),
            )])
            .collect(),
        Align::Clock => PRESETS
            .iter()
            .map(|(word, label, _)| {
                let range = TimeRange::preset(word).unwrap_or_default();
                let current = view.range == range;
                choice(
                    format!("Last {label}"),
                    view.with(|next| next.range = range).href(),
                    current,
                )
            })
            .collect(),
    };
    // On the clock, a link to exactly this window, so a colleague sees the same.
    let frozen = match window {
        WindowShown::Clock { from, to } if view.align == Align::Clock => Some(
            view.with(|next| next.range = TimeRange::Between { from, to })
                .href(),
        ),
        _ => None,
    };
    let gpus = several_gpus.then(|| {
        let (gpus, words) = match view.gpus {
            GpuLines::Spread => (GpuLines::Each, "Show each GPU"),
            GpuLines::Each => (GpuLines::Spread, "Show each workload's GPU mean and range"),
        };
        view! { <a href=view.with(|next| next.gpus = gpus).href()>{words}</a> }
    });
    let refresh = Signal::stored(view.refresh);
    view! {
        <div class="compare-controls">
            <nav aria-label="Line up times">"Line up: " {aligns.into_iter().collect_view()}</nav>
            <nav aria-label="Window">"Window: " {windows}</nav>
            <p class="window">
                {frozen.map(|href| view! { <a href=href>"Link to this exact window"</a> " · " })}
                {gpus.map(|link| view! { {link} " · " })}
                <a class="button" href=csv download="comparison.csv">"Download CSV"</a>
            </p>
            <RefreshSelect current=refresh/>
        </div>
    }
    .into_any()
}

/// The window in words: after each start, or the instants in the viewer's zone.
#[component]
pub fn WindowLine(window: WindowShown) -> impl IntoView {
    let words = match window {
        WindowShown::SinceStart {
            since_s: 0,
            until_s,
        } => view! {
            {format!("the first {} after each started", format_seconds(until_s as f64))}
        }
        .into_any(),
        WindowShown::SinceStart { since_s, until_s } => view! {
            {format!(
                "from {} to {} after each started",
                format_seconds(since_s as f64),
                format_seconds(until_s as f64)
            )}
        }
        .into_any(),
        WindowShown::Clock { from, to } => view! {
            {crate::time_zone::shown_instant(from)} " → " {crate::time_zone::shown_instant(to)}
        }
        .into_any(),
    };
    view! {
        <p class="window">
            "Window: " <span data-testid="window">{words}</span>
            ". Drag across any chart to narrow every chart to that window."
        </p>
    }
}

/// Each workload's numbers over the window.
#[component]
pub fn SummaryTable(summaries: Vec<Summary>, inference: bool) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="compare-summary">
                <caption>"Over the window"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Workload"</th>
                        <th scope="col" class="num">"GPU utilization, mean"</th>
                        <th scope="col" class="num">"GPU utilization, 95th percentile"</th>
                        <th scope="col" class="num">"GPU memory, peak"</th>
                        <th scope="col" class="num">"CPU, mean"</th>
                        {inference.then(|| view! {
                            <th scope="col" class="num">"Time to first token, median"</th>
                            <th scope="col" class="num">"Time to first token, 90th percentile"</th>
                            <th scope="col" class="num">"Requests served, mean"</th>
                        })}
                    </tr>
                </thead>
                <tbody>
                    {summaries.into_iter().map(|s| {
                        let (hex, _) = colour_of(s.colour);
                        view! {
                            <tr>
                                <th scope="row"><span class="swatch" style=format!("background:{hex}") aria-hidden="true"></span>{s.name}</th>
                                <td class="num">{s.gpu_mean}</td>
                                <td class="num">{s.gpu_p95}</td>
                                <td class="num">{s.gpu_memory_peak}</td>
                                <td class="num">{s.cpu_mean}</td>
                                {inference.then(|| view! {
                                    <td class="num">{s.ttft_p50}</td>
                                    <td class="num">{s.ttft_p90}</td>
                                    <td class="num">{s.throughput}</td>
                                })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The facts side by side, the rows where they differ marked (in words too), and a
/// link that hides (or shows again) the rows where they are all the same.
#[component]
pub fn FactsTable(facts: Vec<FactRow>, names: Vec<String>, view: CompareView) -> impl IntoView {
    let columns = facts.first().map_or(0, |row| row.values.len());
    if columns == 0 {
        return ().into_any();
    }
    let differing = facts.iter().filter(|row| row.differs()).count();
    let toggle = match view.differing_only {
        true => {
            view! { <a href=view.with(|next| next.differing_only = false).href()>"Show every fact"</a> }
        }
        false => {
            view! { <a href=view.with(|next| next.differing_only = true).href()>"Hide identical facts"</a> }
        }
    };
    let rows: Vec<FactRow> = facts
        .into_iter()
        .filter(|row| !view.differing_only || row.differs())
        .collect();
    view! {
        <section aria-labelledby="facts-title">
            <h2 id="facts-title">"What differs"</h2>
            <p>
                {format!("{differing} of the facts differ, marked “differs”. ")}
                {toggle}
            </p>
            <div class="table-scroll">
                <table class="compare-facts">
                    <caption class="visually-hidden">"Facts of each compared workload"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Fact"</th>
                            {names.into_iter().map(|name| view! { <th scope="col">{name}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|row| {
                            let differs = row.differs();
                            view! {
                                <tr class=differs.then_some("differs")>
                                    <th scope="row">
                                        {row.label}
                                        {differs.then(|| view! { <span class="differs-mark">" differs"</span> })}
                                    </th>
                                    {row.values.into_iter().map(|value| view! { <td>{value}</td> }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}
