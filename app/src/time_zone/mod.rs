//! One time rule for every page: times are shown in the viewer's choice of zone — their
//! browser's by default, UTC, or any IANA zone — chosen in the header and named in the
//! URL (`tz`) when it is not the default, so a shared link shows the same times.
//!
//! - [`zone`]: the zone a URL names, and (server only) its offset at an instant, for
//!   chart axes and CSV the server writes;
//! - [`chooser`]: the header's form;
//! - `shown` (browser only): rewrites the server's UTC `<time>`s in the zone, when the
//!   page loads (the browser's entry point) and when parts of it are swapped in.

pub mod chooser;
#[cfg(feature = "hydrate")]
mod shown;
pub mod zone;

pub use chooser::ZoneChooser;
#[cfg(feature = "hydrate")]
pub use shown::{clock_text, show_times};
pub use zone::Zone;

use leptos::prelude::*;

/// `at` as a date and time, written in UTC by the server and in the viewer's zone by the
/// browser.
pub fn shown_instant(at: runai::model::Timestamp) -> impl IntoView + use<> {
    view! {
        <time datetime=at.to_string() data-show="instant">{crate::format::format_instant(at)}</time>
    }
}

/// `at` as a time of day, written as [`shown_instant`] is.
pub fn shown_clock(at_ms: i64) -> impl IntoView + use<> {
    let iso = runai::model::Timestamp::from_unix_millis(at_ms).map(|t| t.to_string());
    view! {
        <time datetime=iso data-show="clock">{crate::format::format_time_of_day_ms(at_ms)}</time>
    }
}

/// The zone the page being answered names (server only): its request's `tz`.
#[cfg(feature = "ssr")]
pub fn zone_of_request() -> Zone {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.uri.query().map(Zone::from_query))
        .unwrap_or_default()
}
