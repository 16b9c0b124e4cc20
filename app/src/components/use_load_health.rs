//! `use_load_health`: the refresh schedule of one part of a page that keeps working
//! while Run:ai fails. It ticks on the chosen auto-refresh period; while the last load
//! failed it ticks every [`RETRY_MS`] (or sooner), so a page recovers by itself once
//! the fault clears, without a reload.

use leptos::prelude::*;

use super::use_refresh_ticks;
use crate::error::AppError;

/// How often a failed load is tried again.
pub const RETRY_MS: u64 = 5_000;

/// One page part's loads: the tick to put in its resource's key, and whether the last
/// load failed.
#[derive(Clone, Copy)]
pub struct LoadHealth {
    /// Bumped on each refresh or retry.
    pub tick: RwSignal<u32>,
    failing: RwSignal<bool>,
    refresh: Signal<Option<u64>>,
}

impl LoadHealth {
    /// Records how the latest load went. An ended session is not retried: only
    /// signing in again helps.
    pub fn report(&self, error: Option<&AppError>) {
        let failing = error.is_some_and(|e| !e.is_signed_out());
        if self.failing.get_untracked() != failing {
            self.failing.set(failing);
        }
    }

    /// Seconds between retries while failing.
    pub fn retry_seconds(&self) -> u64 {
        retry_period(self.refresh.get_untracked()) / 1000
    }
}

/// Seconds between retries of a part refreshing every `refresh` milliseconds, for
/// what the server renders before any island runs.
pub fn retry_seconds(refresh: Option<u64>) -> u64 {
    retry_period(refresh) / 1000
}

fn retry_period(refresh: Option<u64>) -> u64 {
    refresh.map_or(RETRY_MS, |ms| ms.min(RETRY_MS))
}

/// The schedule for a part refreshing every `refresh` milliseconds (`None`: only
/// when asked, and to retry after a failure).
pub fn use_load_health(refresh: Signal<Option<u64>>) -> LoadHealth {
    let failing = RwSignal::new(false);
    let period = Signal::derive(move || {
        if failing.get() {
            Some(retry_period(refresh.get()))
        } else {
            refresh.get()
        }
    });
    LoadHealth {
        tick: use_refresh_ticks(period),
        failing,
        refresh,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_come_at_least_every_five_seconds() {
        assert_eq!(retry_period(None), 5_000);
        assert_eq!(retry_period(Some(60_000)), 5_000);
        assert_eq!(retry_period(Some(2_000)), 2_000);
    }
}
