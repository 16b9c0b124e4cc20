//! Page-level controls: sort, page size, refresh, columns, copy link, CSV export, a
//! new alert rule on the table's filter, and the pager. The server renders them for the
//! view in the URL; each control names the URL parameter it sets (`data-param`), which
//! the page's island follows
//! ([`super::controls`]), so none of their code reaches the browser.

use leptos::prelude::*;

use super::{
    columns::Column,
    field_words::sort_label,
    view::{GPU_STATE_SORT, PAGE_SIZES, WorkloadsView},
};
use crate::components::{ProblemNote, Refresh, RefreshSelect};
use crate::time_zone::Zone;
use crate::url_state::{UrlQuery, UrlState};
use runai::query::{SortBy, SortOrder};

/// The `id` of the toolbar, which a new view replaces.
pub const TOOLBAR_ID: &str = "toolbar";

/// Sort, refresh, columns, copy link and export, for `current`.
#[component]
pub fn Toolbar(current: WorkloadsView) -> impl IntoView {
    let visible = current.visible_columns();
    // The download writes its times in the zone the page's link names.
    let csv_href = format!(
        "/export/workloads.csv?{}",
        runai::query::encode_query(&Zone::with_page_zone(current.to_pairs()))
    );
    // A new alert rule starts from the table's filter (`/alerts?filter=`).
    let filter: Vec<String> = current.filters.iter().map(ToString::to_string).collect();
    let alert_href = match filter.is_empty() {
        true => "/alerts".to_owned(),
        false => format!(
            "/alerts?{}",
            runai::query::encode_query(&[("filter", filter.join(","))])
        ),
    };
    let refresh: Signal<Refresh> = Signal::stored(current.refresh);
    let problems = [
        "sortBy",
        "sortOrder",
        "refresh",
        "columns",
        "page",
        "pageSize",
        "gpuState",
        "cause",
        "compare",
    ]
    .into_iter()
    .filter_map(|param| current.problem(param).cloned())
    .map(|problem| view! { <ProblemNote problem/> })
    .collect_view();
    view! {
        <div class="toolbar" id=TOOLBAR_ID data-swap="">
            <label>
                "Sort by "
                <select data-param="sortBy">
                    {SortBy::ALL.iter().map(|&key| view! {
                        <option value=key.as_str() selected=!current.sort_by_gpu_state && current.sort_by == Some(key)>{sort_label(key)}</option>
                    }).collect_view()}
                    <option value=GPU_STATE_SORT selected=current.sort_by_gpu_state>"GPU state"</option>
                </select>
            </label>
            <label>
                "Order "
                <select data-param="sortOrder">
                    <option value="asc" selected=current.sort_order == SortOrder::Asc>"Ascending"</option>
                    <option value="desc" selected=current.sort_order == SortOrder::Desc>"Descending"</option>
                </select>
            </label>
            <RefreshSelect current=refresh/>
            <details class="columns-chooser" id="columns-chooser">
                <summary>"Columns"</summary>
                // Its value is the checked columns' ids, joined; at least one stays.
                <fieldset data-param="columns" data-keeps-page="">
                    <legend>"Visible columns"</legend>
                    {Column::ALL.iter().map(|&column| view! {
                        <label>
                            <input type="checkbox" value=column.id() checked=visible.contains(&column)/>
                            {column.label()}
                        </label>
                    }).collect_view()}
                </fieldset>
            </details>
            <button type="button" data-copy-link="">"Copy link"</button>
            <a class="button" href=csv_href download="workloads.csv">
                "Download CSV"
            </a>
            <a class="button" href=alert_href>"Alert me"</a>
            {problems}
        </div>
    }
}

/// First/previous/next/last, the position, and the page size. Server-rendered with the
/// results; the table's island follows its links and its page-size choice.
#[component]
pub fn Pager(current: WorkloadsView, total: i64) -> impl IntoView {
    let last = current.last_page(total);
    let page = current.page.min(last);
    let first_row = if total == 0 {
        0
    } else {
        i64::from(page - 1) * i64::from(current.page_size) + 1
    };
    let last_row = (i64::from(page) * i64::from(current.page_size)).min(total);
    let link = |label: &'static str, target: u32, enabled: bool| {
        if enabled {
            view! { <a href=current.with_page(target).href()>{label}</a> }.into_any()
        } else {
            view! { <span aria-disabled="true">{label}</span> }.into_any()
        }
    };
    view! {
        <nav class="pager" aria-label="Pages">
            {link("First", 1, page > 1)}
            {link("Previous", page.saturating_sub(1), page > 1)}
            <span class="position">{format!("Page {page} of {last} · rows {first_row}–{last_row} of {total}")}</span>
            {link("Next", page + 1, page < last)}
            {link("Last", last, page < last)}
            <label>
                "Rows per page "
                <select data-param="pageSize">
                    {PAGE_SIZES.iter().map(|&size| view! {
                        <option value=size.to_string() selected=size == current.page_size>{size}</option>
                    }).collect_view()}
                </select>
            </label>
        </nav>
    }
}
