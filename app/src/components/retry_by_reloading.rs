//! `RetryByReloading`: the retry of a server-rendered page whose data could not be
//! loaded. Such a page has nothing in the browser to re-render, so its island loads the
//! page again. It takes no props (the retry period is the dashboard's), and it is lazy:
//! its code is a WASM chunk fetched only by a page that failed, not part of every
//! first load.

use leptos::prelude::*;

use super::{RETRY_MS, mark_hydrated, use_refresh_ticks};

/// A page whose data could not be loaded: loads it again every [`RETRY_MS`] while the
/// tab is visible, or at once with "Retry now".
#[island(lazy)]
pub fn RetryByReloading() -> impl IntoView {
    mark_hydrated();
    let tick = use_refresh_ticks(Signal::stored(Some(RETRY_MS)));
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
