//! `follow_param_controls`: controls the server renders for its page's island to follow.
//! Each names the URL parameter it sets (`data-param`); a change becomes a new URL with
//! every other parameter kept, which the page's live part follows
//! ([`super::follow_server_page`]). A change goes back to the first page (`page` is
//! dropped) unless the control, or a group it is in, says it keeps it
//! (`data-keeps-page`).
//!
//! - a `<select>` sets its value; selects in a group with `data-param` set their
//!   choices joined by commas (the group's `data-empty` when none); a checkbox with
//!   `data-param` sets its `value` when checked and clears it otherwise; a
//!   `<fieldset data-param>` of checkboxes sets the checked values joined by commas,
//!   and keeps at least one;
//! - a text field with `data-param` sets it after a pause in typing, replacing the
//!   history entry rather than adding one per pause;
//! - a button marked `data-copy-link` puts the page's URL on the clipboard.
//!
//! None of it reads the page's view: the browser parses no filter, date or number.

use leptos::{ev, prelude::*};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

use super::PageUrl;
use crate::url_state::{with_param, with_query};

/// How long a text field waits for typing to pause.
const TYPING_PAUSE_MS: f64 = 400.0;

/// Follows every `data-param` control and `data-copy-link` button on the page for the
/// island that owns `url`.
pub fn follow_param_controls(url: PageUrl) {
    let changes = window_event_listener(ev::change, move |event| {
        if let Some(control) = element_of(&event)
            && let Some((param, value)) = chosen(&control)
        {
            go_with(url, &control, &param, &value, false);
        }
    });
    let typed = leptos_use::use_debounce_fn_with_arg(
        move |(control, param, value): (Element, String, String)| {
            go_with(url, &control, &param, &value, true)
        },
        TYPING_PAUSE_MS,
    );
    let typing = window_event_listener(ev::input, move |event| {
        if let Some(control) = element_of(&event)
            && let Some(param) = control.get_attribute("data-param")
            && let Some(input) = control.dyn_ref::<HtmlInputElement>()
            && matches!(input.type_().as_str(), "text" | "search")
        {
            let _ = typed((control.clone(), param, input.value()));
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
    on_cleanup(move || {
        changes.remove();
        typing.remove();
        copies.remove();
    });
}

/// The element an event happened on.
pub fn element_of(event: &web_sys::Event) -> Option<Element> {
    event.target()?.dyn_into::<Element>().ok()
}

/// The parameter a changed control sets, and its new value.
fn chosen(control: &Element) -> Option<(String, String)> {
    if let Some(select) = control.dyn_ref::<web_sys::HtmlSelectElement>() {
        if let Some(param) = control.get_attribute("data-param") {
            return Some((param, select.value()));
        }
        return joined_selects(control);
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

/// A `<select>` in a group with `data-param`: the group's choices in order, each once,
/// joined by commas (`none` and empty choices left out), or the group's `data-empty`
/// when nothing is chosen.
fn joined_selects(control: &Element) -> Option<(String, String)> {
    let group = control.closest("[data-param]").ok().flatten()?;
    let selects = group.query_selector_all("select").ok()?;
    let mut values: Vec<String> = Vec::new();
    for index in 0..selects.length() {
        let Some(select) = selects
            .item(index)
            .and_then(|node| node.dyn_into::<web_sys::HtmlSelectElement>().ok())
        else {
            continue;
        };
        let value = select.value();
        if !value.is_empty() && value != "none" && !values.contains(&value) {
            values.push(value);
        }
    }
    let value = if values.is_empty() {
        group.get_attribute("data-empty").unwrap_or_default()
    } else {
        values.join(",")
    };
    Some((group.get_attribute("data-param")?, value))
}

/// Goes to this page with `param` set to `value` (and back to its first page unless
/// `control`, or the group it is in, keeps it).
pub fn go_with(url: PageUrl, control: &Element, param: &str, value: &str, replace: bool) {
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
