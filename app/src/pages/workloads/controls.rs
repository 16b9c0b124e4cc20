//! The table's controls in the browser. The server renders each control for the view in
//! the URL and names the parameter it sets (`data-param`); here a change becomes a new
//! URL, with every other parameter kept, and the live results follow it
//! ([`super::live`]). A changed selection goes back to the first page unless the control
//! says it keeps it (`data-keeps-page`: columns, refresh).
//!
//! - a `<select>` sets its value; a checkbox with `data-param` sets its `value` when
//!   checked and clears it otherwise; a `<fieldset data-param>` of checkboxes sets the
//!   checked values joined by commas, and keeps at least one;
//! - search sets `search` after a pause in typing, replacing the history entry;
//! - "Copy link" puts the page's URL on the clipboard;
//! - the add-filter box adds its text to `filterBy` once the server has read it: a
//!   filter the server cannot use is explained under the box and the URL stays;
//! - the column choice is remembered in the browser and brought back when a URL names
//!   none.
//!
//! None of it reads the view: the browser never parses a filter, a date or a number.

use leptos::{ev, prelude::*, task::spawn_local};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

use crate::{
    components::PageUrl,
    url_state::{with_param, with_query},
};

/// Where the browser remembers the column choice.
const COLUMNS_KEY: &str = "runboard.workloads.columns";

/// How long search waits for typing to pause.
const SEARCH_PAUSE_MS: f64 = 400.0;

/// Follows every control on the page for the island that owns `url`.
pub fn follow_controls(url: PageUrl) {
    let changes = window_event_listener(ev::change, move |event| {
        if let Some(control) = element_of(&event)
            && let Some((param, value)) = chosen(&control)
        {
            go_with(url, &control, &param, &value, false);
        }
    });
    let search = leptos_use::use_debounce_fn_with_arg(
        move |(control, value): (Element, String)| go_with(url, &control, "search", &value, true),
        SEARCH_PAUSE_MS,
    );
    let typing = window_event_listener(ev::input, move |event| {
        if let Some(control) = element_of(&event)
            && control.get_attribute("data-param").as_deref() == Some("search")
            && let Some(input) = control.dyn_ref::<HtmlInputElement>()
        {
            let _ = search((control.clone(), input.value()));
        }
        if let Some(control) = element_of(&event)
            && control
                .closest("form[data-add-filter]")
                .ok()
                .flatten()
                .is_some()
        {
            say_why_not(None);
        }
    });
    let copies = window_event_listener(ev::click, move |event| {
        if let Some(button) = element_of(&event)
            .and_then(|element| element.closest("[data-copy-link]").ok().flatten())
            && let Ok(href) = window().location().href()
        {
            let _ = window().navigator().clipboard().write_text(&href);
            button.set_text_content(Some("Link copied"));
        }
    });
    let submits = window_event_listener(ev::submit, move |event| {
        if let Some(form) = element_of(&event)
            .and_then(|element| element.closest("form[data-add-filter]").ok().flatten())
        {
            event.prevent_default();
            add_filter(url, &form);
        }
    });
    remember_columns(url);
    on_cleanup(move || {
        changes.remove();
        typing.remove();
        copies.remove();
        submits.remove();
    });
}

/// The element an event happened on.
fn element_of(event: &web_sys::Event) -> Option<Element> {
    event.target()?.dyn_into::<Element>().ok()
}

/// The parameter a changed control sets, and its new value.
fn chosen(control: &Element) -> Option<(String, String)> {
    if let Some(select) = control.dyn_ref::<web_sys::HtmlSelectElement>() {
        return Some((control.get_attribute("data-param")?, select.value()));
    }
    let checkbox = control.dyn_ref::<HtmlInputElement>()?;
    if checkbox.type_() != "checkbox" {
        return None;
    }
    if let Some(param) = control.get_attribute("data-param") {
        let value = if checkbox.checked() {
            checkbox.value()
        } else {
            String::new()
        };
        return Some((param, value));
    }
    let group = control.closest("fieldset[data-param]").ok().flatten()?;
    let checked = group
        .query_selector_all("input[type=checkbox]:checked")
        .ok()?;
    let values: Vec<String> = (0..checked.length())
        .filter_map(|i| checked.item(i)?.dyn_into::<HtmlInputElement>().ok())
        .map(|input| input.value())
        .collect();
    if values.is_empty() {
        // At least one stays: the last one cannot be unchecked.
        checkbox.set_checked(true);
        return None;
    }
    Some((group.get_attribute("data-param")?, values.join(",")))
}

/// Goes to this page with `param` set to `value` (and back to its first page unless
/// `control`, or the group it is in, keeps it).
fn go_with(url: PageUrl, control: &Element, param: &str, value: &str, replace: bool) {
    let keeps_page = control
        .closest("[data-keeps-page]")
        .ok()
        .flatten()
        .is_some();
    let mut query = with_param(&url.query_untracked(), param, value);
    if !keeps_page {
        query = with_param(&query, "page", "");
    }
    url.go(&with_query(&url.path(), &query), replace);
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
fn add_filter(url: PageUrl, form: &Element) {
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
    let query = url.query_untracked();
    let params = runai::query::QueryParams::parse(&query);
    let mut filters: Vec<&str> = params.list("filterBy");
    if !filters.contains(&text.as_str()) {
        filters.push(&text);
    }
    let query = with_param(
        &with_param(&query, "filterBy", &filters.join(",")),
        "page",
        "",
    );
    let href = with_query(&url.path(), &query);
    spawn_local(async move {
        // The server is the one that reads filters: ask it for the page with this one,
        // and go there only if it could use it.
        let why_not = match super::live::load_page(&href).await {
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
