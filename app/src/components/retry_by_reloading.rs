//! `RetryByReloading`: the retry of a server-rendered page whose data could not be
//! loaded. Such a page has nothing in the browser to re-render, so its island loads the
//! page again.

use leptos::prelude::*;

use super::{mark_hydrated, use_refresh_ticks};

/// A page whose data could not be loaded: loads it again every `seconds` while the
/// tab is visible, or at once with "Retry now".
#[island]
pub fn RetryByReloading(seconds: u64) -> impl IntoView {
    mark_hydrated();
    let tick = use_refresh_ticks(Signal::stored(Some(seconds * 1000)));
    let reload = move || {
        #[cfg(feature = "hydrate")]
        let _ = window().location().reload();
    };
    Effect::new(move |first: Option<()>| {
        tick.track();
        if first.is_some() {
            reload();
        }
    });
    view! { <button type="button" on:click=move |_| reload()>"Retry now"</button> }
}
