//! The table itself: sortable headers, one row per workload, idle GPUs called out.

use leptos::prelude::*;

use super::{columns::Column, row::WorkloadRow, view::WorkloadsView};
use crate::components::{PhaseBadge, ago, waited};
use crate::url_state::{UrlQuery, UrlState};
use runai::{model::Timestamp, query::SortOrder};

/// A header: a link that sorts by the column (when it can), with `aria-sort`.
#[component]
fn Header(column: Column, current: WorkloadsView) -> impl IntoView {
    // A field Run:ai sorts, or the GPU state, which the dashboard sorts.
    let (sorting, sorted) = match (column.sort_key(), column) {
        (Some(key), _) => (
            Some(current.with_sort(key)),
            !current.sort_by_gpu_state && current.sort_by == Some(key),
        ),
        (None, Column::GpuState) => (
            Some(current.with_gpu_state_sort()),
            current.sort_by_gpu_state,
        ),
        _ => (None, false),
    };
    let aria_sort = sorted.then_some(match current.sort_order {
        SortOrder::Asc => "ascending",
        SortOrder::Desc => "descending",
    });
    let class = if column.numeric() { "num" } else { "" };
    let title = (column.heading() != column.label()).then(|| column.label());
    match sorting {
        Some(next) => {
            let arrow = match aria_sort {
                Some("ascending") => " ▲",
                Some(_) => " ▼",
                None => "",
            };
            view! {
                <th scope="col" class=class aria-sort=aria_sort title=title>
                    <a href=next.href() title=format!("Sort by {}", column.label())>
                        {column.heading()} {arrow}
                    </a>
                </th>
            }
            .into_any()
        }
        None => {
            view! { <th scope="col" class=class title=title>{column.heading()}</th> }.into_any()
        }
    }
}

/// A row's link: the detail page, carrying the table's state so "back" restores it.
fn detail_href(id: &str, back: &str) -> String {
    if back.is_empty() {
        format!("/workloads/{id}")
    } else {
        format!(
            "/workloads/{id}?{}",
            runai::query::encode_query(&[("back", back.to_owned())])
        )
    }
}

/// The `id` of the form the rows' "compare" boxes belong to.
pub const COMPARE_FORM_ID: &str = "compare";

/// One cell; `picked`: whether the row is ticked for comparison.
fn cell(column: Column, row: &WorkloadRow, now: Timestamp, back: &str, picked: bool) -> AnyView {
    let instant = move |t: Timestamp| ago(t, now);
    match column {
        // The box belongs to the comparison's form: ticked boxes go to `/compare` even
        // before any script; with one, a tick is kept in the URL (`compare=`). Its id
        // keeps the focus on it when the table is swapped.
        Column::Name => view! {
            <th scope="row">
                <input type="checkbox" id=format!("pick-{}", row.id) form=COMPARE_FORM_ID name="ids" value=row.id.clone() checked=picked aria-label=format!("Compare {}", row.name)/>
                <a href=detail_href(&row.id, back)>{row.name.clone()}</a>
            </th>
        }.into_any(),
        Column::Phase => view! {
            <td>
                <PhaseBadge phase=row.phase.to_string() detail=row.phase_detail.clone()/>
                {row.queue_place.map(|place| view! { " " <span class="queue-position">{place.label()}</span> })}
                {row.phase_detail.clone().filter(|_| row.phase == runai::model::Phase::Pending).map(|d| view! { <span class="visually-hidden">{format!(" — {d}")}</span> })}
            </td>
        }.into_any(),
        Column::IdleGpus if row.idle_gpus > 0.0 => view! {
            <td class="num"><span class="badge idle" title="Allocated GPUs doing no work">{format!("{} idle", column.text(row))}</span></td>
        }.into_any(),
        Column::Waiting if row.phase == runai::model::Phase::Pending && row.pending_s.is_some() => {
            let since = now.unix_millis() - row.pending_s.unwrap_or(0) * 1000;
            view! { <td class="num">{waited(since, now.unix_millis())}</td> }.into_any()
        }
        // Not waiting now: how long it waited before it started, said in the past.
        Column::Waiting => {
            let text = row
                .pending_s
                .filter(|s| *s > 0)
                .map(|s| format!("waited {}", crate::format::format_seconds(s as f64)));
            view! { <td class="num waited">{text}</td> }.into_any()
        }
        Column::Created => view! { <td>{instant(row.created_at)}</td> }.into_any(),
        Column::Completed => view! { <td>{row.completed_at.map(instant)}</td> }.into_any(),
        _ => {
            // No empty `class` on every cell: fifty rows of them weigh on the first load.
            let class = column.numeric().then_some("num");
            view! { <td class=class>{column.text(row)}</td> }.into_any()
        }
    }
}

/// The workloads table for one page of rows.
#[component]
pub fn Table(rows: Vec<WorkloadRow>, current: WorkloadsView, now: Timestamp) -> impl IntoView {
    let columns = current.visible_columns();
    let back = current.query();
    if rows.is_empty() {
        let hint = if current.filters.is_empty() && current.search.is_empty() {
            "There are no workloads to show."
        } else {
            "No workloads match these filters. Remove a filter or clear the search to see more."
        };
        return view! { <p class="empty" role="status">{hint}</p> }.into_any();
    }
    let any_idle = rows.iter().any(|row| row.idle_gpus > 0.0);
    view! {
        <div class="table-scroll">
            <table class="workloads">
                <caption class="visually-hidden">"Workloads"</caption>
                <thead>
                    <tr>{columns.iter().map(|&c| view! { <Header column=c current=current.clone()/> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {rows.iter().map(|row| {
                        let idle = row.idle_gpus > 0.0;
                        let picked = current.picked.iter().any(|id| id.to_string() == row.id);
                        view! {
                            <tr class=idle.then_some("idle")>
                                {columns.iter().map(|&c| cell(c, row, now, &back, picked)).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {any_idle.then(|| view! {
            <p class="table-legend"><span class="swatch idle" aria-hidden="true"></span>" Tinted rows hold GPUs that are doing no work."</p>
        })}
    }
    .into_any()
}
