//! `use_refresh_ticks`: a counter that goes up every `period` while the tab is visible;
//! put it in a resource's key to refetch on that schedule.

use leptos::prelude::*;

/// A tick bumped every `period` milliseconds (`None`: never) while the document is
/// visible. Changing the period replaces the timer.
pub fn use_refresh_ticks(period: Signal<Option<u64>>) -> RwSignal<u32> {
    let tick = RwSignal::new(0u32);
    #[cfg(feature = "hydrate")]
    {
        use leptos_use::{use_document_visibility, use_interval_fn};
        let visibility = use_document_visibility();
        // The effect re-runs when the period changes; re-running disposes the previous
        // timer, which use_interval_fn registered for cleanup in the effect's owner.
        Effect::new(move |_| {
            if let Some(ms) = period.get() {
                let _ = use_interval_fn(
                    move || {
                        if visibility.get_untracked() == web_sys::VisibilityState::Visible {
                            tick.update(|t| *t += 1);
                        }
                    },
                    ms,
                );
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = period;
    tick
}
