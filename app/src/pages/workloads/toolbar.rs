//! Page-level controls: sort, page size, refresh, columns, copy link, CSV export, and
//! the pager.

use leptos::prelude::*;

use super::{
    columns::Column,
    view::{Go, PAGE_SIZE_SELECT, PAGE_SIZES, WorkloadsView},
};
use crate::components::ProblemNote;
use crate::components::RefreshSelect;
use crate::url_state::{UrlQuery, UrlState};
use runai::query::{SortBy, SortOrder};

/// Where the browser remembers the column choice.
const COLUMNS_KEY: &str = "runboard.workloads.columns";

/// Sort, refresh, columns, copy link and export.
#[component]
pub fn Toolbar(view: Memo<WorkloadsView>, go: Go) -> impl IntoView {
    remember_columns(view, go);
    let copied = RwSignal::new(false);
    // The choice as clicked, ahead of the URL: quick successive clicks build on each other.
    let chosen = RwSignal::new(view.get_untracked().visible_columns());
    Effect::new(move |_| chosen.set(view.read().visible_columns()));
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        {
            if let Ok(href) = window().location().href() {
                let clipboard = window().navigator().clipboard();
                let _ = clipboard.write_text(&href);
                copied.set(true);
            }
        }
    };
    view! {
        <div class="toolbar">
            <label>
                "Sort by "
                <select on:change=move |ev| {
                    if let Some(key) = SortBy::known(&event_target_value(&ev)) {
                        let mut next = view.get_untracked().with_sort(key);
                        next.sort_order = view.get_untracked().sort_order;
                        go.run(next);
                    }
                }>
                    {SortBy::ALL.iter().map(|&key| view! {
                        <option value=key.as_str() selected=move || view.read().sort_by == Some(key)>{key.as_str()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                "Order "
                <select on:change=move |ev| {
                    let order = if event_target_value(&ev) == "asc" { SortOrder::Asc } else { SortOrder::Desc };
                    go.run(view.get_untracked().with_order(order));
                }>
                    <option value="asc" selected=move || view.read().sort_order == SortOrder::Asc>"Ascending"</option>
                    <option value="desc" selected=move || view.read().sort_order == SortOrder::Desc>"Descending"</option>
                </select>
            </label>
            <RefreshSelect
                current=Signal::derive(move || view.read().refresh)
                choose=Callback::new(move |refresh| go.run(view.get_untracked().with_refresh(refresh)))
            />
            <details class="columns-chooser">
                <summary>"Columns"</summary>
                <fieldset>
                    <legend>"Visible columns"</legend>
                    {Column::ALL.iter().map(|&column| view! {
                        <label>
                            <input
                                type="checkbox"
                                prop:checked=move || chosen.read().contains(&column)
                                on:change=move |ev| {
                                    let mut columns = chosen.get_untracked();
                                    if event_target_checked(&ev) {
                                        if !columns.contains(&column) {
                                            columns.push(column);
                                        }
                                        columns.sort_by_key(|c| Column::ALL.iter().position(|a| a == c));
                                    } else if columns.len() > 1 {
                                        columns.retain(|c| *c != column);
                                    }
                                    chosen.set(columns.clone());
                                    go.run(view.get_untracked().with_columns(columns));
                                }
                            />
                            {column.label()}
                        </label>
                    }).collect_view()}
                </fieldset>
            </details>
            <button type="button" on:click=copy>{move || if copied.get() { "Link copied" } else { "Copy link" }}</button>
            <a class="button" href=move || format!("/export/workloads.csv?{}", view.read().query()) download="workloads.csv">
                "Download CSV"
            </a>
            {move || {
                let current = view.get();
                ["sortBy", "sortOrder", "refresh", "columns", "page", "pageSize"]
                    .into_iter()
                    .filter_map(|param| current.problem(param).cloned().map(|problem| view! { <ProblemNote problem/> }))
                    .collect_view()
            }}
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
                <select name=PAGE_SIZE_SELECT>
                    {PAGE_SIZES.iter().map(|&size| view! {
                        <option value=size.to_string() selected=size == current.page_size>{size}</option>
                    }).collect_view()}
                </select>
            </label>
        </nav>
    }
}

/// Remembers the column choice in the browser, and brings it back when a URL names
/// none (after hydration, so the server-rendered page and the first client render agree).
fn remember_columns(view: Memo<WorkloadsView>, go: Go) {
    #[cfg(feature = "hydrate")]
    {
        let storage = window().local_storage().ok().flatten();
        let restored = StoredValue::new(false);
        Effect::new(move |_| {
            let current = view.get();
            let Some(storage) = &storage else { return };
            match &current.columns {
                Some(columns) => {
                    let ids: Vec<&str> = columns.iter().map(|c| c.id()).collect();
                    let _ = storage.set_item(COLUMNS_KEY, &ids.join(","));
                }
                None if !restored.get_value() => {
                    restored.set_value(true);
                    let saved = storage
                        .get_item(COLUMNS_KEY)
                        .ok()
                        .flatten()
                        .unwrap_or_default();
                    let columns: Vec<Column> =
                        saved.split(',').filter_map(Column::from_id).collect();
                    if !columns.is_empty() {
                        go.run(current.with_columns(columns));
                    }
                }
                None => {}
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (view, go, COLUMNS_KEY);
}
