//! The table's own controls in the browser, beside the ones every server-rendered page
//! has ([`follow_param_controls`]): the add-filter box adds its text to `filterBy` once
//! the server has read it (a filter the server cannot use is explained under the box
//! and the URL stays), the column choice is remembered in the browser and brought
//! back when a URL names none, and a row ticked for comparison is kept in the URL
//! (`compare=`).

use leptos::{ev, prelude::*, task::spawn_local};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

use super::table::COMPARE_FORM_ID;
use crate::{
    components::{PageUrl, element_of, follow_param_controls, load_page},
    url_state::{with_param, with_query},
};

/// Where the browser remembers the column choice.
const COLUMNS_KEY: &str = "runboard.workloads.columns";

/// Follows every control of the table's page for the island that owns `url`;
/// `results_id` names the element every answer of the page has.
pub fn follow_table_controls(url: PageUrl, results_id: &'static str) {
    follow_param_controls(url);
    let typing = window_event_listener(ev::input, move |event| {
        if element_of(&event)
            .and_then(|control| control.closest("form[data-add-filter]").ok().flatten())
            .is_some()
        {
            say_why_not(None);
        }
    });
    let submits = window_event_listener(ev::submit, move |event| {
        if let Some(form) = element_of(&event)
            .and_then(|element| element.closest("form[data-add-filter]").ok().flatten())
        {
            event.prevent_default();
            add_filter(url, results_id, &form);
        }
    });
    let ticks = window_event_listener(ev::change, move |event| {
        if let Some(input) = element_of(&event)
            .and_then(|element| element.dyn_into::<HtmlInputElement>().ok())
            .filter(|input| input.get_attribute("form").as_deref() == Some(COMPARE_FORM_ID))
        {
            tick(url, &input.value(), input.checked());
        }
    });
    remember_columns(url);
    on_cleanup(move || {
        typing.remove();
        submits.remove();
        ticks.remove();
    });
}

/// Keeps workload `id` ticked (or not) in the URL's `compare=`, where paging and
/// filtering keep it; the server says when there are more than a comparison shows.
fn tick(url: PageUrl, id: &str, ticked: bool) {
    let query = url.query_untracked();
    let params = runai::query::QueryParams::parse(&query);
    let mut ids: Vec<&str> = params
        .get("compare")
        .unwrap_or_default()
        .split(',')
        .filter(|kept| !kept.is_empty() && *kept != id)
        .collect();
    if ticked {
        ids.push(id);
    }
    let query = with_param(&query, "compare", &ids.join(","));
    url.go(&with_query(&url.path(), &query), false);
}

/// Says under the add-filter box why its filter was not added (`None`: clears it).
fn say_why_not(reason: Option<&str>) {
    let document = document();
    if let Some(error) = document.get_element_by_id("filter-error") {
        error.set_text_content(reason);
    }
    if let Some(input) = document.get_element_by_id("filter-input") {
        let _ = match reason {
            Some(_) => input.set_attribute("aria-invalid", "true"),
            None => input.remove_attribute("aria-invalid"),
        };
    }
}

/// Adds the add-filter box's text to the view's filters once the server has read it.
fn add_filter(url: PageUrl, results_id: &'static str, form: &Element) {
    let Some(input) = form
        .query_selector("input[name=filter]")
        .ok()
        .flatten()
        .and_then(|input| input.dyn_into::<HtmlInputElement>().ok())
    else {
        return;
    };
    let text = input.value().trim().to_owned();
    if text.is_empty() {
        say_why_not(Some("Type a filter first, e.g. phase==Running"));
        return;
    }
    if text.contains(',') {
        say_why_not(Some(&format!(
            "“{text}”: one filter at a time, without commas"
        )));
        return;
    }
    let query = super::filter_builder::query_with_filter(&url.query_untracked(), &text);
    let href = with_query(&url.path(), &query);
    spawn_local(async move {
        // The server is the one that reads filters: ask it for the page with this one,
        // and go there only if it could use it.
        let why_not = match load_page(&href, results_id).await {
            Ok(page) => invalid_chips(&page)
                .into_iter()
                .find(|chip| chip.get_attribute("data-filter").as_deref() == Some(&text))
                .map(|chip| chip.get_attribute("title").unwrap_or_default()),
            Err(error) => Some(error.message().to_owned()),
        };
        match why_not {
            Some(reason) => say_why_not(Some(&format!("“{text}”: {reason}"))),
            None => {
                say_why_not(None);
                input.set_value("");
                url.go(&href, false);
            }
        }
    });
}

/// Every chip of a filter the server could not use, in `page`.
fn invalid_chips(page: &web_sys::Document) -> Vec<Element> {
    let Ok(chips) = page.query_selector_all("li.chip.invalid") else {
        return Vec::new();
    };
    (0..chips.length())
        .filter_map(|i| chips.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

/// Remembers the column choice in the browser, and brings it back when a URL names
/// none.
fn remember_columns(url: PageUrl) {
    let Some(storage) = window().local_storage().ok().flatten() else {
        return;
    };
    let restored = StoredValue::new(false);
    Effect::new(move |_| {
        let params = url.params();
        match params.get("columns") {
            Some(columns) if !columns.is_empty() => {
                let _ = storage.set_item(COLUMNS_KEY, columns);
            }
            _ if !restored.get_value() => {
                restored.set_value(true);
                let saved = storage
                    .get_item(COLUMNS_KEY)
                    .ok()
                    .flatten()
                    .unwrap_or_default();
                if !saved.is_empty() {
                    let query = with_param(&url.query_untracked(), "columns", &saved);
                    url.go(&with_query(&url.path(), &query), false);
                }
            }
            _ => {}
        }
    });
}
