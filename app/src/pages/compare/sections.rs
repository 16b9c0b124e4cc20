//! The comparison's parts above its charts: who is compared (each in its colour, told
//! in words too, or hidden and why), the controls (alignment, window, GPUs, CSV) and
//! the window in words.

use leptos::prelude::*;

use super::{
    answer::{COLOURS, Member, Seen, WindowShown},
    view::{Align, CompareView, SINCE_START_PRESETS},
};
use crate::{
    components::{Refresh, RefreshSelect},
    format::format_seconds,
    metric_series::{
        GpuLines,
        range::{PRESETS, TimeRange},
    },
    url_state::UrlState,
};

/// A workload's colour: its swatch (hidden from assistive technology) and its name.
pub fn colour_of(colour: usize) -> (&'static str, &'static str) {
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
                            Seen::Forbidden => "you don't have access to it: it belongs to a project your Run:ai credentials do not cover",
                            Seen::NotFound => "no workload has this id, or it was deleted long ago",
                            Seen::Shown(_) => "",
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
    // On the clock, a link to exactly this window, so a colleague sees the same (a
    // fixed window has nothing to refresh).
    let frozen = match window {
        WindowShown::Clock { from, to } if view.align == Align::Clock => Some(
            view.with(|next| {
                next.range = TimeRange::Between { from, to };
                next.refresh = Refresh::Off;
            })
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
