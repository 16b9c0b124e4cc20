//! `use_live`: the one way a part of a page stays current while Run:ai fails.
//!
//! A live part loads on its page's auto-refresh period ([`use_load_health`]): put
//! [`Live::tick`] in its resource's key. Each answer is settled here: a success becomes
//! the last good data; a failure over last good data keeps that data on screen, marked
//! stale with when it was fetched; a failure with nothing to show says why and offers
//! to retry now. While failing, the part retries every few seconds and recovers by
//! itself once the fault clears, without a reload; an ended session stops the retries
//! and offers "Sign in again".
//!
//! Pages rendered whole by the server settle each new answer through [`Live::settle`]
//! and swap it in ([`super::follow_server_page`]), showing [`super::StaleNote`] over the
//! last good one when a load fails.
//!
//! [`use_load_health`]: super::use_load_health

use leptos::prelude::*;

use super::{LoadHealth, use_load_health};
use crate::error::AppError;

/// What a part shows after a load.
#[derive(Clone, Debug, PartialEq)]
pub enum Settled<T> {
    /// The new data.
    Fresh(T),
    /// The last good data, fetched at `updated`, because the load failed.
    Stale {
        data: T,
        updated: String,
        error: AppError,
    },
    /// Nothing to show: why.
    Failed(AppError),
}

/// One live part of a page (a [`Copy`] handle).
pub struct Live<T: Send + Sync + 'static> {
    health: LoadHealth,
    last_good: RwSignal<Option<(T, String)>>,
}

impl<T: Send + Sync + 'static> Clone for Live<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Live<T> {}

/// A live part refreshing every `refresh` milliseconds (`None`: only when its key
/// changes, and to retry after a failure).
pub fn use_live<T: Clone + Send + Sync + 'static>(refresh: Signal<Option<u64>>) -> Live<T> {
    Live {
        health: use_load_health(refresh),
        last_good: RwSignal::new(None),
    }
}

impl<T: Clone + Send + Sync + 'static> Live<T> {
    /// Bumped on each refresh or retry (tracked): put it in the part's resource key.
    pub fn tick(&self) -> u32 {
        self.health.tick.get()
    }

    /// Seconds between retries while failing.
    pub fn retry_seconds(&self) -> u64 {
        self.health.retry_seconds()
    }

    /// Takes `data`, fetched at `updated` (as shown), as the last good data.
    pub fn remember(&self, data: T, updated: String) {
        self.last_good.set(Some((data, updated)));
    }

    /// Settles a load: records how it went, keeps a success as the last good data
    /// (fetched at `updated(&data)`), and over a failure keeps the last good data when
    /// it still `fits` what is asked now.
    pub fn settle(
        &self,
        result: Result<T, AppError>,
        updated: impl Fn(&T) -> String,
        fits: impl Fn(&T) -> bool,
    ) -> Settled<T> {
        self.health.report(result.as_ref().err());
        match result {
            Ok(data) => {
                self.remember(data.clone(), updated(&data));
                Settled::Fresh(data)
            }
            Err(error) => match self
                .last_good
                .get_untracked()
                .filter(|(data, _)| fits(data))
            {
                Some((data, updated)) => Settled::Stale {
                    data,
                    updated,
                    error,
                },
                None => Settled::Failed(error),
            },
        }
    }
}
