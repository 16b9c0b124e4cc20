//! Text that the clock alone moves: how long ago something happened, how long a
//! pending workload has waited, when data was last known current. The server renders
//! it marked (`data-clock`, counting from its `<time>`'s `datetime`, or from `data-at`,
//! in milliseconds, for a text that is not a time), so that when a refresh finds
//! nothing changed, the browser brings the text forward itself
//! ([`advance_clock_texts`]) instead of asking for the whole answer.

use leptos::prelude::*;
use runai::model::Timestamp;

use crate::format::{format_ago, format_millis, format_time_of_day_ms};

/// How long before `now` the instant `then` was (`5 min ago`), the instant on hover (in
/// the viewer's zone, which the browser writes: the server knows only UTC).
pub fn ago(then: Timestamp, now: Timestamp) -> impl IntoView + use<> {
    let at = then.unix_millis();
    view! {
        <time datetime=then.to_string() data-clock="ago">
            {format_ago(at, now.unix_millis())}
        </time>
    }
}

/// How long from `since_ms` to `now_ms`, still growing (`3 min 20 s`).
pub fn waited(since_ms: i64, now_ms: i64) -> impl IntoView + use<> {
    view! {
        <span data-clock="for" data-at=since_ms>{elapsed(since_ms, now_ms)}</span>
    }
}

/// When data was last known current (`14:03:07 UTC`).
pub fn known_at(at: Timestamp) -> impl IntoView + use<> {
    view! {
        <time datetime=at.to_string() data-clock="now" data-show="clock">{format_time_of_day_ms(at.unix_millis())}</time>
    }
}

// What the browser runs here is integer arithmetic and the browser's own date code:
// no date or float formatting reaches its main module.
fn elapsed(since_ms: i64, now_ms: i64) -> String {
    format_millis((now_ms - since_ms).max(0) as u64)
}

/// What a marked text reads at `now_ms` (a "now" text is written by the zone's own
/// format, [`crate::time_zone::show_times`], once its instant is moved).
#[cfg(any(feature = "hydrate", test))]
fn reading(clock: &str, at: Option<i64>, now_ms: i64) -> Option<String> {
    match (clock, at) {
        ("ago", Some(at)) => Some(format_ago(at, now_ms)),
        ("for", Some(at)) => Some(elapsed(at, now_ms)),
        _ => None,
    }
}

/// Brings every marked text under `root` forward to `now_ms`.
#[cfg(feature = "hydrate")]
pub fn advance_clock_texts(root: &web_sys::Element, now_ms: i64) {
    use wasm_bindgen::JsCast;

    let Ok(marked) = root.query_selector_all("[data-clock]") else {
        return;
    };
    for index in 0..marked.length() {
        let Some(element) = marked
            .item(index)
            .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let clock = element.get_attribute("data-clock").unwrap_or_default();
        // A `<time>` counts from its `datetime` (read by the browser's own date parser);
        // other marked texts carry their instant in `data-at`.
        let at = element
            .get_attribute("data-at")
            .and_then(|at| at.parse().ok())
            .or_else(|| {
                let at = js_sys::Date::parse(&element.get_attribute("datetime")?);
                (!at.is_nan()).then_some(at as i64)
            });
        if clock == "now" {
            let instant = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(now_ms as f64));
            let _ = element.set_attribute("datetime", &String::from(instant.to_iso_string()));
        } else if let Some(text) = reading(&clock, at, now_ms) {
            element.set_text_content(Some(&text));
        }
    }
    // What was just written in UTC, in the viewer's zone.
    crate::time_zone::show_times(root);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_texts_read_as_the_server_renders_them() {
        let then = Timestamp::from_unix_millis(1_000_000).unwrap();
        let now = 1_000_000 + 5 * 60_000;
        assert_eq!(
            reading("ago", Some(then.unix_millis()), now).unwrap(),
            "5 min ago"
        );
        assert_eq!(
            reading("for", Some(now - 200_000), now).unwrap(),
            "3 min 20 s"
        );
        assert_eq!(reading("ago", None, now), None, "no instant, no reading");
        assert_eq!(reading("soon", Some(0), now), None);
    }
}
