//! The overview page: tiles, short lists, and telemetry by the URL's groupings.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    data::{Tiles, get_overview_tiles, get_telemetry, links},
    drawn::{DrawnTelemetry, telemetry_title},
    view::OverviewView,
};
use crate::components::ProblemNote;
use crate::url_state::{UrlQuery, UrlState};
use crate::{
    components::{
        Chart, RefreshSelect, mark_hydrated, page_query, provide_page_url, use_live, use_page_url,
    },
    format::{format_count, format_time_of_day},
    pages::workloads::row::WorkloadRow,
};
use runai::{
    model::{TelemetryType, Timestamp},
    query::{GroupBy, TelemetryQuery},
};

/// The overview page.
#[component]
pub fn OverviewPage() -> impl IntoView {
    view! {
        <Title text="Overview"/>
        <OverviewIsland query=page_query()/>
    }
}

/// The whole page is one island, lazy: its code is a WASM chunk fetched only here. Its
/// charts arrive drawn by the server ([`get_telemetry`]).
#[island(lazy)]
fn OverviewIsland(
    /// The page's query as the server read it.
    query: String,
) -> impl IntoView {
    let url = provide_page_url("/overview".to_owned(), query);
    mark_hydrated();
    let view = Memo::new(move |_| OverviewView::from_params(&url.params()));
    let go = Callback::new(move |next: OverviewView| url.go(&next.href(), false));
    let refresh = Signal::derive(move || view.read().refresh.millis());
    // Each part refreshes, retries and goes stale on its own.
    let live = use_live::<Tiles>(refresh);
    let tiles = Resource::new(move || live.tick(), |_| get_overview_tiles());

    view! {
        <div class="page-head">
            <h1>"Overview"</h1>
            <Controls view go/>
        </div>
        <Transition fallback=|| view! { <p role="status">"Counting workloads…"</p> }>
            {move || Suspend::new(async move {
                live.show(
                    tiles.await,
                    "Could not load the overview:",
                    |tiles| format_time_of_day(tiles.fetched_at),
                    |_| true,
                    |tiles| view! { <TileGrid tiles/> },
                )
            })}
        </Transition>
        <div class="charts">
            <TelemetryPanel view refresh kind=TelemetryType::WorkloadsCount/>
            <TelemetryPanel view refresh kind=TelemetryType::GpuAllocation/>
        </div>
    }
}

/// The groupings, filters and refresh.
#[component]
fn Controls(view: Memo<OverviewView>, go: Callback<OverviewView>) -> impl IntoView {
    let pick = move |slot: usize, word: String| {
        let mut next = view.get_untracked();
        let mut keys: Vec<GroupBy> = next.group_by.clone();
        keys.truncate(slot);
        if let Some(key) = GroupBy::known(&word) {
            keys.push(key);
        }
        // Changing the first grouping keeps the second one where it still makes sense.
        let second = view.get_untracked().group_by.get(1).copied();
        if slot == 0
            && !keys.is_empty()
            && let Some(second) = second.filter(|s| Some(*s) != keys.first().copied())
        {
            keys.push(second);
        }
        next.group_by = keys;
        next.problems.clear();
        go.run(next);
    };
    let group_select = move |slot: usize, label: &'static str| {
        view! {
            <label>
                {label} " "
                <select on:change=move |ev| pick(slot, event_target_value(&ev))>
                    <option value="none" selected=move || view.read().group_by.get(slot).is_none()>"None"</option>
                    {GroupBy::ALL.iter().map(|&key| view! {
                        <option value=key.as_str() selected=move || view.read().group_by.get(slot) == Some(&key)>{key.as_str()}</option>
                    }).collect_view()}
                </select>
            </label>
        }
    };
    let text_filter = move |label: &'static str,
                            read: fn(&OverviewView) -> Option<String>,
                            write: fn(&mut OverviewView, Option<String>)| {
        view! {
            <label>
                {label} " "
                <input
                    type="text"
                    size="12"
                    prop:value=move || read(&view.read()).unwrap_or_default()
                    on:change=move |ev| {
                        let mut next = view.get_untracked();
                        write(&mut next, Some(event_target_value(&ev)).filter(|v| !v.is_empty()));
                        go.run(next);
                    }
                />
            </label>
        }
    };
    view! {
        <form class="toolbar" aria-label="Telemetry options" on:submit=|ev| ev.prevent_default()>
            {group_select(0, "Group by")}
            {group_select(1, "then by")}
            {text_filter("Department ID", |v| v.department_id.clone(), |v, x| v.department_id = x)}
            {text_filter("Node pool", |v| v.nodepool.clone(), |v, x| v.nodepool = x)}
            {text_filter("Cluster ID", |v| v.cluster_id.map(|c| c.to_string()), |v, x| {
                v.cluster_id = x.and_then(|t| uuid::Uuid::parse_str(&t).ok());
            })}
            <RefreshSelect
                current=Signal::derive(move || view.read().refresh)
                choose=Callback::new(move |refresh| {
                    let mut next = view.get_untracked();
                    next.refresh = refresh;
                    go.run(next);
                })
            />
            {move || view.read().problems.iter().cloned().map(|problem| view! { <ProblemNote problem/> }).collect_view()}
        </form>
    }
}

fn short_list(
    title: &'static str,
    link: &'static str,
    rows: Vec<WorkloadRow>,
    value: fn(&WorkloadRow) -> String,
) -> impl IntoView {
    view! {
        <section class="short-list" aria-label=title>
            <h2><a href=link>{title}</a></h2>
            {if rows.is_empty() {
                view! { <p class="empty">"None right now."</p> }.into_any()
            } else {
                view! {
                    <ol>
                        {rows.into_iter().map(|r| view! {
                            <li><a href=format!("/workloads/{}", r.id)>{r.name.clone()}</a> " — " {value(&r)}</li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

/// The tiles and the two short lists.
#[component]
fn TileGrid(tiles: Tiles) -> impl IntoView {
    let tile = |label: &'static str, value: String, link: &'static str| {
        view! { <a class="tile" href=link><span class="tile-value">{value}</span><span class="tile-label">{label}</span></a> }
    };
    view! {
        <nav class="tiles" aria-label="Cluster now">
            {tile("running", tiles.running.to_string(), links::RUNNING)}
            {tile("pending", tiles.pending.to_string(), links::PENDING)}
            {tile("failed", tiles.failed.to_string(), links::FAILED)}
            {tile("GPUs allocated", format_count(tiles.allocated_gpus), links::ALLOCATED)}
            {tile("holding idle GPUs", tiles.idle_holders.to_string(), links::MOST_IDLE)}
        </nav>
        <div class="short-lists">
            {short_list("Longest pending", links::LONGEST_PENDING, tiles.longest_pending, |r| r.phase_detail.clone().unwrap_or_else(|| "waiting".into()))}
            {short_list("Most idle GPUs", links::MOST_IDLE, tiles.most_idle, |r| format!("{} idle GPU(s)", format_count(r.idle_gpus)))}
        </div>
    }
}

/// One telemetry answer, with the query it answers and when it came.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Answered {
    query: TelemetryQuery,
    drawn: DrawnTelemetry,
    at: Timestamp,
}

/// One telemetry type as a chart, a table and a CSV link.
#[component]
fn TelemetryPanel(
    view: Memo<OverviewView>,
    refresh: Signal<Option<u64>>,
    kind: TelemetryType,
) -> impl IntoView {
    let title = telemetry_title(&kind);
    let live = use_live::<Answered>(refresh);
    let query = Memo::new({
        let kind = kind.clone();
        move |_| view.read().telemetry(kind.clone())
    });
    let telemetry = Resource::new(
        move || (query.get(), live.tick()),
        |(query, _)| async move {
            let drawn = get_telemetry(query.clone()).await?;
            Ok(Answered {
                query,
                drawn,
                at: Timestamp::now(),
            })
        },
    );
    let url = use_page_url();
    view! {
        <section class="chart-panel" aria-label=title>
            <h2>{title}</h2>
            <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                {move || {
                    let current = view.get();
                    Suspend::new(async move {
                        let asked = query.get_untracked();
                        live.show(
                            telemetry.await,
                            "Could not load the telemetry:",
                            |answered| format_time_of_day(answered.at),
                            // Stale data is shown only for the grouping it answers.
                            move |answered| answered.query == asked,
                            move |Answered { drawn: DrawnTelemetry { option, links, rows: table }, .. }| {
                        let on_click = Callback::new(move |key: (String, String)| {
                            if let Some((_, href)) = links.iter().find(|(k, _)| *k == key || k.0 == key.0 && links.iter().filter(|(k2, _)| k2.0 == key.0).count() == 1) {
                                url.go(href, false);
                            }
                        });
                        let headers = current.group_by.clone();
                        view! {
                            <Chart label=format!("{title} by {}", if headers.is_empty() { "nothing".to_owned() } else { headers.iter().map(|g| g.as_str()).collect::<Vec<_>>().join(" and ") }) option=Signal::stored(option) on_click/>
                            <table class="telemetry">
                                <caption>{format!("{title} (table view)")}</caption>
                                <thead><tr>
                                    {headers.iter().map(|g| view! { <th scope="col">{g.as_str()}</th> }).collect_view()}
                                    <th scope="col" class="num">{title}</th>
                                </tr></thead>
                                <tbody>
                                    {table.into_iter().map(|row| view! {
                                        <tr>
                                            {row.labels.iter().map(|l| view! { <td>{l.clone()}</td> }).collect_view()}
                                            <td class="num"><a href=row.href.clone()>{format_count(row.value)}</a></td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <a class="button" href=format!("/export/telemetry.csv?{}", query.get_untracked().to_query_string()) download="telemetry.csv">{format!("Download {title} CSV")}</a>
                        }
                            },
                        )
                    })
                }}
            </Transition>
        </section>
    }
}
