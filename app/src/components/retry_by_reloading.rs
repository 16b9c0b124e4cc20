//! `RetryByReloading`: the retry of a server-rendered page whose data could not be
//! loaded. Such a page has nothing in the browser to re-render, so its island loads the
//! page again. It takes no props (the retry period is the dashboard's), so no JSON
//! decoding reaches the browser's main module on its account.

use leptos::prelude::*;

use super::{RETRY_MS, mark_hydrated, use_refresh_ticks};

/// A page whose data could not be loaded: loads it again every [`RETRY_MS`] while the
/// tab is visible, or at once with "Retry now".
#[island]
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
