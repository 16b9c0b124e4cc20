//! The overview page: tiles, short lists, and telemetry by the URL's groupings, all
//! server HTML. Its controls name the URL parameters they set (`data-param`); one small
//! lazy island draws the charts the server built, opens the table behind a clicked
//! segment, follows the controls and swaps in each new answer.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    attention::NeedsAttention,
    data::{Tiles, get_overview_tiles, get_telemetry, links},
    drawn::{DrawnTelemetry, telemetry_title},
    view::OverviewView,
};
use crate::url_state::UrlQuery;
use crate::{
    components::{
        AnswerPart, ErrorNote, ProblemNote, Refresh, RefreshSelect, ServerChart, StaleMark,
        follow_server_page, island_page_path, island_page_query, mark_hydrated, page_query,
        provide_page_url, retry_seconds,
    },
    format::{format_count, format_time_of_day},
    pages::workloads::row::WorkloadRow,
};
use runai::{
    model::TelemetryType,
    query::{GroupBy, QueryParams},
};

/// The `id` of the page's answer, which says what it holds.
const ANSWER_ID: &str = "overview-now";

/// The overview page.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let view = OverviewView::from_params(&QueryParams::parse(&page_query()));
    let retry_s = retry_seconds(view.refresh.millis());
    // Resources, not bare futures: Suspense may build its children more than once.
    let tiles = Resource::new(|| (), |()| get_overview_tiles());
    let telemetry = |kind: TelemetryType| {
        let query = view.telemetry(kind);
        Resource::new(|| (), move |()| get_telemetry(query.clone()))
    };
    let (workloads, gpus) = (
        telemetry(TelemetryType::WorkloadsCount),
        telemetry(TelemetryType::GpuAllocation),
    );
    let panel_view = view.clone();
    view! {
        <Title text="Overview"/>
        <div class="page-head">
            <h1>"Overview"</h1>
            <Controls view=view.clone()/>
        </div>
        <OverviewLive/>
        <Suspense fallback=|| view! { <p role="status">"Counting workloads…"</p> }>
            {move || {
                let view = panel_view.clone();
                Suspend::new(async move {
                    let panels = (workloads.await, gpus.await);
                    let panel = move |kind: TelemetryType, drawn| {
                        view! { <TelemetryPanel view=view.clone() kind drawn retry_s/> }
                    };
                    let charts = view! {
                        <div class="charts">
                            {panel(TelemetryType::WorkloadsCount, panels.0)}
                            {panel(TelemetryType::GpuAllocation, panels.1)}
                        </div>
                    };
                    // The tiles say when the answer was fetched; without them, why.
                    let (answered, tiles) = match tiles.await {
                        Ok(tiles) => (Ok(format_time_of_day(tiles.fetched_at)), Some(tiles)),
                        Err(error) => (Err(error), None),
                    };
                    view! {
                        <AnswerPart id=ANSWER_ID answered failed="Could not load the overview:" retry_s>
                            {tiles.map(|tiles| view! { <TileGrid tiles/> })}
                            {charts}
                        </AnswerPart>
                    }
                })
            }}
        </Suspense>
    }
}

/// What keeps the overview current: it draws the server's charts, opens the table
/// behind a clicked segment, follows the controls, swaps in each new answer, and says
/// when the one on screen is stale. Lazy: its code, and the chart drawing, is a WASM
/// chunk fetched only here. It takes no props: it reads its page from the address bar.
#[island(lazy)]
fn OverviewLive() -> impl IntoView {
    let url = provide_page_url(island_page_path(), island_page_query());
    #[cfg(feature = "hydrate")]
    let swapped = {
        use crate::components::{EchartsBuild, draw_server_charts, follow_param_controls};
        follow_param_controls(url);
        Some(draw_server_charts(ANSWER_ID, EchartsBuild::Bars, None))
    };
    #[cfg(not(feature = "hydrate"))]
    let swapped = None;
    let (stale, retry_s) = follow_server_page(url, ANSWER_ID, swapped);
    mark_hydrated();
    view! { <StaleMark stale retry_s/> }
}

/// What a grouping is called in the menus.
fn group_label(key: GroupBy) -> &'static str {
    match key {
        GroupBy::ClusterId => "Cluster",
        GroupBy::DepartmentId => "Department",
        GroupBy::ProjectId => "Project",
        GroupBy::Type => "Type",
        GroupBy::CurrentNodepools => "Node pool",
        GroupBy::Phase => "Status",
        GroupBy::Category => "Category",
    }
}

/// The groupings, filters and refresh, for `view`. Each control names the URL
/// parameter it sets; the two grouping choices together make `groupBy` (`none` when
/// neither groups).
#[component]
fn Controls(view: OverviewView) -> impl IntoView {
    let group_select = |slot: usize, label: &'static str| {
        let current = view.group_by.get(slot).copied();
        view! {
            <label>
                {label} " "
                <select>
                    <option value="none" selected=current.is_none()>"None"</option>
                    {GroupBy::ALL.iter().map(|&key| view! {
                        <option value=key.as_str() selected=current == Some(key)>{group_label(key)}</option>
                    }).collect_view()}
                </select>
            </label>
        }
    };
    let text_filter = |label: &'static str, param: &'static str, value: Option<String>| {
        view! {
            <label>
                {label} " "
                <input type="text" size="12" data-param=param value=value.unwrap_or_default()/>
            </label>
        }
    };
    let refresh: Signal<Refresh> = Signal::stored(view.refresh);
    view! {
        <form class="toolbar" aria-label="Telemetry options" id="overview-controls" data-swap="">
            <span role="group" aria-label="Grouping" data-param="groupBy" data-empty="none">
                {group_select(0, "Group by")}
                {group_select(1, "then by")}
            </span>
            {text_filter("Department ID", "departmentId", view.department_id.clone())}
            {text_filter("Node pool", "nodepoolName", view.nodepool.clone())}
            {text_filter("Cluster ID", "clusterId", view.cluster_id.map(|c| c.to_string()))}
            <RefreshSelect current=refresh/>
            {view.problems.iter().cloned().map(|problem| view! { <ProblemNote problem/> }).collect_view()}
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
        {tiles.attention.map(|attention| view! { <NeedsAttention attention/> })}
        <div class="short-lists">
            {short_list("Longest pending", links::LONGEST_PENDING, tiles.longest_pending, |r| r.phase_detail.clone().unwrap_or_else(|| "waiting".into()))}
            {short_list("Most idle GPUs", links::MOST_IDLE, tiles.most_idle, |r| format!("{} idle GPU(s)", format_count(r.idle_gpus)))}
        </div>
        <p><a href="/queue">"Every node pool's queue: who starts next, and why the others wait"</a></p>
    }
}

/// One telemetry type as a chart, a table and a CSV link; or why it could not be drawn.
#[component]
fn TelemetryPanel(
    view: OverviewView,
    kind: TelemetryType,
    drawn: Result<DrawnTelemetry, crate::error::AppError>,
    retry_s: u64,
) -> impl IntoView {
    let title = telemetry_title(&kind);
    let query = view.telemetry(kind);
    let body = match drawn {
        Err(error) => view! {
            <ErrorNote prefix="Could not load the telemetry:" error retry_s/>
        }
        .into_any(),
        Ok(DrawnTelemetry {
            option,
            links,
            rows,
        }) => {
            let headers = view.group_by.clone();
            let label = format!(
                "{title} by {}",
                if headers.is_empty() {
                    "nothing".to_owned()
                } else {
                    headers
                        .iter()
                        .map(|g| g.as_str())
                        .collect::<Vec<_>>()
                        .join(" and ")
                }
            );
            let links = serde_json::to_string(&links).unwrap_or_default();
            view! {
                <ServerChart label option links/>
                <table class="telemetry">
                    <caption>{format!("{title} (table view)")}</caption>
                    <thead><tr>
                        {headers.iter().map(|g| view! { <th scope="col">{g.as_str()}</th> }).collect_view()}
                        <th scope="col" class="num">{title}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|row| view! {
                            <tr>
                                {row.labels.iter().map(|l| view! { <td>{l.clone()}</td> }).collect_view()}
                                <td class="num"><a href=row.href.clone()>{format_count(row.value)}</a></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <a class="button" href=format!("/export/telemetry.csv?{}", query.to_query_string()) download="telemetry.csv">{format!("Download {title} CSV")}</a>
            }
            .into_any()
        }
    };
    view! {
        <section class="chart-panel" aria-label=title>
            <h2>{title}</h2>
            {body}
        </section>
    }
}
