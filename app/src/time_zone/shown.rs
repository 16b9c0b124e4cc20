//! Times in the viewer's zone, in the browser: the server writes every time as a
//! `<time datetime=…>` marked `data-show` (its text in UTC, which is what a page read
//! without scripts says), and the browser rewrites it in the zone the URL names, or its
//! own, with its own `Intl` (no zone database reaches the WASM).
//!
//! `data-show="instant"`: the text is the date and time; `"clock"`: the time of day; a
//! relative time (`data-clock="ago"`) keeps its text and gets the date and time in its
//! title.

use leptos::prelude::document;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

/// The zone the page shows, as the server checked it from the URL (the header's form
/// carries it in `data-zone`); `None`: the browser's own. Read from the page, not the
/// URL, so no query parsing reaches the WASM for it.
fn zone_of_page() -> Option<String> {
    document()
        .get_element_by_id(super::chooser::FORM_ID)
        .and_then(|form| form.get_attribute("data-zone"))
        .filter(|zone| !zone.is_empty())
}

/// Rewrites every marked time under `root` in the page's zone.
pub fn show_times(root: &Element) {
    let Ok(marked) = root.query_selector_all("time[data-show],time[data-clock=ago]") else {
        return;
    };
    let zone = zone_of_page();
    let zone = zone.as_deref();
    let (instant, clock) = (formatter(zone, true), formatter(zone, false));
    for index in 0..marked.length() {
        let Some(element) = marked
            .item(index)
            .and_then(|n| n.dyn_into::<Element>().ok())
        else {
            continue;
        };
        show_one(&element, &instant, &clock);
    }
}

/// Rewrites one marked time with the formatters of [`show_times`].
fn show_one(element: &Element, instant: &js_sys::Function, clock: &js_sys::Function) {
    let Some(at) = element.get_attribute("datetime") else {
        return;
    };
    let date = js_sys::Date::new(&JsValue::from_str(&at));
    if date.get_time().is_nan() {
        return;
    }
    let text = |format: &js_sys::Function| {
        format
            .call1(&JsValue::NULL, &date)
            .ok()
            .and_then(|s| s.as_string())
    };
    match element.get_attribute("data-show").as_deref() {
        Some("instant") => text(instant).map(|t| element.set_text_content(Some(&t))),
        Some("clock") => text(clock).map(|t| element.set_text_content(Some(&t))),
        _ => text(instant).map(|t| {
            let _ = element.set_attribute("title", &t);
        }),
    };
}

/// The options of an instant's format, and of a time of day's: read by the browser's
/// own `JSON.parse`, so building them costs the WASM one string each.
const INSTANT: &str = r#"{"year":"numeric","month":"short","day":"numeric","hour":"2-digit","minute":"2-digit","second":"2-digit","timeZoneName":"short"}"#;
const CLOCK: &str =
    r#"{"hour":"2-digit","minute":"2-digit","second":"2-digit","timeZoneName":"short"}"#;

/// The `Intl` format of an instant (`whole`) or a time of day in `zone`, named.
fn formatter(zone: Option<&str>, whole: bool) -> js_sys::Function {
    let options = js_sys::JSON::parse(if whole { INSTANT } else { CLOCK })
        .unwrap_or_else(|_| js_sys::Object::new().into());
    if let Some(name) = zone {
        let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &name.into());
    }
    js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), options.unchecked_ref()).format()
}

/// The time of day `at_ms` in the page's zone, as the page shows times of day.
pub fn clock_text(at_ms: i64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at_ms as f64));
    formatter(zone_of_page().as_deref(), false)
        .call1(&JsValue::NULL, &date)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}
