//! `swap_marked`: how a page the server renders whole takes a newer answer of itself.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

/// Replaces each element marked `data-swap` with its namesake (by `id`) in `page`,
/// keeping what the person is in the middle of: a text field being typed in stays
/// as it is, focus returns to the control that had it, and an open disclosure
/// stays open.
pub fn swap_marked(page: &Document) {
    let document = document();
    let focused = document.active_element();
    let focused_id = focused
        .as_ref()
        .map(Element::id)
        .filter(|id| !id.is_empty());
    let Ok(marked) = document.query_selector_all("[data-swap][id]") else {
        return;
    };
    for index in 0..marked.length() {
        let Some(old) = marked
            .item(index)
            .and_then(|node| node.dyn_into::<Element>().ok())
        else {
            continue;
        };
        let Some(new) = page.get_element_by_id(&old.id()) else {
            continue;
        };
        if focused
            .as_ref()
            .is_some_and(|f| is_typing_in(f) && old.contains(Some(&**f)))
        {
            continue;
        }
        keep_open_disclosures(&old, &new);
        let _ = old.replace_with_with_node_1(&new);
        // The server wrote its times in UTC.
        crate::time_zone::show_times(&new);
    }
    if let Some(element) = focused_id.and_then(|id| document.get_element_by_id(&id))
        && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = element.focus();
    }
}

/// Whether `element` is a field a person types text into.
fn is_typing_in(element: &Element) -> bool {
    element
        .dyn_ref::<web_sys::HtmlInputElement>()
        .is_some_and(|input| matches!(input.type_().as_str(), "text" | "search"))
}

/// Opens in `new` each `<details>` that is open in `old` (matched by `id`).
fn keep_open_disclosures(old: &Element, new: &Element) {
    let Ok(open) = old.query_selector_all("details[open][id]") else {
        return;
    };
    for index in 0..open.length() {
        let id = open
            .item(index)
            .and_then(|node| node.dyn_into::<Element>().ok())
            .map(|details| details.id());
        if let Some(Ok(Some(details))) = id.map(|id| new.query_selector(&format!("details#{id}"))) {
            let _ = details.set_attribute("open", "");
        }
    }
}
