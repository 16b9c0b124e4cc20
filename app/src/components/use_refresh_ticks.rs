//! `use_refresh_ticks`: a counter that goes up every `period` while the tab is visible;
//! put it in a resource's key to refetch on that schedule.
//!
//! Ticks fall on the wall clock's multiples of the period (:00, :05, :10… for 5 s), not
//! on when each page was opened: every browser watching the same view then asks within
//! the same moment, and the server's read cache answers the crowd with one Run:ai call.

use leptos::prelude::*;

/// How often the clock is looked at; a tick comes at most this late.
#[cfg(feature = "hydrate")]
const LOOK_EVERY_MS: u64 = 250;

/// Which period of length `period_ms` the instant `now_ms` falls in.
fn slot(now_ms: f64, period_ms: u64) -> u64 {
    (now_ms.max(0.0) as u64) / period_ms.max(1)
}

/// A tick bumped at each wall-clock multiple of `period` milliseconds (`None`: never)
/// while the document is visible. Changing the period replaces the timer.
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
                let last = std::cell::Cell::new(slot(js_sys::Date::now(), ms));
                let _ = use_interval_fn(
                    move || {
                        let now = slot(js_sys::Date::now(), ms);
                        if now != last.get() {
                            last.set(now);
                            if visibility.get_untracked() == web_sys::VisibilityState::Visible {
                                tick.update(|t| *t += 1);
                            }
                        }
                    },
                    LOOK_EVERY_MS.min(ms),
                );
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (period, slot);
    tick
}

#[cfg(test)]
mod tests {
    use super::slot;

    #[test]
    fn slots_change_on_the_clocks_multiples() {
        assert_eq!(slot(4_999.0, 5_000), 0);
        assert_eq!(slot(5_000.0, 5_000), 1);
        assert_eq!(slot(12_345.0, 5_000), 2);
        assert_eq!(slot(-3.0, 5_000), 0);
        assert_eq!(slot(10.0, 0), 10, "a zero period cannot divide by zero");
    }
}
