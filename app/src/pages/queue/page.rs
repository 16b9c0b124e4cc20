//! The queue page: a plain form for the node pool and project (the URL is the state, no
//! script needed), then each node pool's queue and what its GPUs are doing.

use leptos::prelude::*;
use leptos_meta::Title;
use runai::query::QueryParams;

use super::{
    data::{QueueAnswer, get_queue},
    view::QueueView,
};
use crate::{
    components::{ErrorNote, LinkProblems, answer_page_with, page_query},
    format::{format_count, format_seconds},
    queue::standing::{LikelyFree, PoolQueue, QueueRow},
    url_state::UrlQuery,
};

/// The queue page.
#[component]
pub fn QueuePage() -> impl IntoView {
    let view = QueueView::from_params(&QueryParams::parse(&page_query()));
    let (pool, project) = (view.pool.clone(), view.project.clone());
    let answer = Resource::new(|| (), move |()| get_queue(pool.clone(), project.clone()));
    if !view.problems.is_empty() {
        answer_page_with(http::StatusCode::BAD_REQUEST);
    }
    let problems = view.problems.clone();
    let csv = match view.query() {
        q if q.is_empty() => "/export/queue.csv".to_owned(),
        q => format!("/export/queue.csv?{q}"),
    };
    view! {
        <Title text="Queue"/>
        <div class="page-head">
            <h1>"Queue"</h1>
            <ViewForm view=view.clone()/>
        </div>
        <LinkProblems problems/>
        <p class="queue-rule">
            "Each node pool gives free GPUs to its pending workloads in the scheduler's order: higher priority first, then the earlier created. "
            "A workload its own project holds back (over its quota or at its limit) has no place in that line until the project frees GPUs. "
            "Likely starts are estimates."
        </p>
        <Suspense fallback=|| view! { <p role="status">"Reading the queues…"</p> }>
            {move || {
                let csv = csv.clone();
                Suspend::new(async move {
                    match answer.await {
                        Ok(answer) => view! { <Queues answer csv/> }.into_any(),
                        Err(error) => view! {
                            <ErrorNote prefix="Could not read the queues:" error/>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Node pool and project, submitted as a plain GET: the result is a shareable URL.
#[component]
fn ViewForm(view: QueueView) -> impl IntoView {
    view! {
        <form method="get" action="/queue" class="ledger-form" aria-label="Queue view">
            <label>
                "Node pool "
                <input name="pool" type="text" placeholder="every pool" value=view.pool.clone()/>
            </label>
            <label>
                "Project "
                <input name="project" type="text" placeholder="every project" value=view.project.clone()/>
            </label>
            <button type="submit">"Show"</button>
        </form>
    }
}

#[component]
fn Queues(answer: QueueAnswer, csv: String) -> impl IntoView {
    let show_cluster = {
        let mut ids: Vec<&str> = answer.pools.iter().map(|q| q.cluster_id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len() > 1
    };
    let now = answer.at_ms;
    view! {
        <p>
            "Worked out at " {crate::time_zone::shown_clock(now)} ". "
            <a href=csv download>"Download CSV"</a>
        </p>
        {if answer.pools.is_empty() {
            view! { <p>"Nothing is pending here that you may see."</p> }.into_any()
        } else {
            answer
                .pools
                .into_iter()
                .enumerate()
                .map(|(i, queue)| view! { <Pool queue index=i show_cluster/> })
                .collect_view()
                .into_any()
        }}
    }
}

/// One node pool's queue.
#[component]
fn Pool(queue: PoolQueue, index: usize, show_cluster: bool) -> impl IntoView {
    let name = if queue.pool.is_empty() {
        "Any node pool".to_owned()
    } else {
        format!("Node pool {}", queue.pool)
    };
    let heading = if show_cluster {
        format!(
            "{name} ({})",
            crate::cluster_names::cluster_name(&queue.cluster_id)
        )
    } else {
        name.clone()
    };
    let heading_id = format!("pool-{index}");
    let labelled_by = heading_id.clone();
    let shown = queue.rows.len();
    let mut summary = if queue.all_read {
        format!("{} pending", queue.pending)
    } else {
        format!(
            "{} pending among the oldest 500 the Workloads API lists at once (more are waiting)",
            queue.pending
        )
    };
    if shown < queue.pending {
        summary.push_str(&format!(", {shown} shown"));
    }
    summary.push('.');
    if !queue.pool.is_empty() {
        summary.push_str(&format!(
            " Its running workloads that you can see hold {} GPUs, {} of them idle; the Workloads API does not say how many are free.",
            format_count(queue.allocated_gpus),
            format_count(queue.idle_gpus),
        ));
    }
    let caption = format!(
        "Pending in {}, in the scheduler's order",
        name.to_lowercase()
    );
    let next = queue.next_to_free.clone();
    view! {
        <section class="pool-queue" aria-labelledby=labelled_by>
            <h2 id=heading_id>{heading}</h2>
            <p>{summary}</p>
            <div class="table-scroll">
                <table class="queue-order">
                    <caption>{caption}</caption>
                    <thead><tr>
                        <th scope="col" class="num">"Position"</th>
                        <th scope="col">"Workload"</th>
                        <th scope="col">"Project"</th>
                        <th scope="col" class="num">"GPUs asked"</th>
                        <th scope="col" class="num">"Waiting so far"</th>
                        <th scope="col">"Why it waits"</th>
                        <th scope="col">"Likely start (estimate)"</th>
                    </tr></thead>
                    <tbody>
                        {queue.rows.into_iter().map(|row| view! { <Row row/> }).collect_view()}
                    </tbody>
                </table>
            </div>
            {(!next.is_empty()).then(|| view! { <NextToFree next/> })}
        </section>
    }
}

#[component]
fn Row(row: QueueRow) -> impl IntoView {
    let position = match row.position {
        Some(p) => format!("#{p}"),
        None => "not in line".to_owned(),
    };
    view! {
        <tr>
            <td class="num">{position}</td>
            <th scope="row"><a href=format!("/workloads/{}", row.entry.id)>{row.entry.name.clone()}</a></th>
            <td>{row.entry.project.clone()}</td>
            <td class="num">{format_count(row.entry.gpus)}</td>
            <td class="num">{format_seconds(row.waited_s as f64)}</td>
            <td>{row.reason.short()}</td>
            <td>{row.estimate.short()}</td>
        </tr>
    }
}

/// The running workloads most likely to free GPUs next.
#[component]
fn NextToFree(next: Vec<LikelyFree>) -> impl IntoView {
    view! {
        <div class="table-scroll">
        <table class="queue-next">
            <caption>"Most likely to free GPUs next (estimates)"</caption>
            <thead><tr>
                <th scope="col">"Workload"</th>
                <th scope="col">"Project"</th>
                <th scope="col" class="num">"GPUs"</th>
                <th scope="col" class="num">"Running for"</th>
                <th scope="col" class="num">"Likely to end in"</th>
            </tr></thead>
            <tbody>
                {next.into_iter().map(|n| view! {
                    <tr>
                        <th scope="row"><a href=format!("/workloads/{}", n.id)>{n.name}</a></th>
                        <td>{n.project}</td>
                        <td class="num">{format_count(n.gpus)}</td>
                        <td class="num">{format_seconds(n.ran_s)}</td>
                        <td class="num">{n.likely_in_s.map(format_seconds).unwrap_or_default()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}
