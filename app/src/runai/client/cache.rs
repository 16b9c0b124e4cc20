//! Coalescing and short-lived caching of upstream reads: identical GETs from many
//! viewers within the cache's lifetime share one Run:ai call. While a call is in
//! flight, everyone asking for the same thing waits for it (single flight); its
//! successful answer is then served for `ttl`. Failures are shared by the callers who
//! waited, never kept.
//!
//! The key holds the caller's credential scope (principal and a hash of the secret),
//! so people with different permissions never see each other's data.

use std::{sync::Arc, time::Duration};

use moka::future::Cache;

use super::transport::Answer;
use crate::runai::ApiError;

/// What one cached read is: whose, which URL, which representation.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub(super) struct ReadKey {
    pub(super) scope: (u8, String, u64),
    pub(super) url: String,
    pub(super) accept: &'static str,
}

/// Upstream answers kept for a few seconds.
pub(super) struct ReadCache {
    answers: Option<Cache<ReadKey, Answer>>,
}

impl ReadCache {
    /// A cache keeping answers for `ttl` (zero: no cache, every read goes upstream),
    /// at most `capacity` of them.
    pub(super) fn new(ttl: Duration, capacity: u64) -> Self {
        let answers = (!ttl.is_zero()).then(|| {
            Cache::builder()
                .time_to_live(ttl)
                .max_capacity(capacity)
                .build()
        });
        Self { answers }
    }

    /// The answer for `key`: cached, joined in flight, or fetched by `load`.
    pub(super) async fn get_or_load(
        &self,
        key: ReadKey,
        load: impl Future<Output = Result<Answer, ApiError>>,
    ) -> Result<Answer, ApiError> {
        let Some(answers) = &self.answers else {
            return load.await;
        };
        let entry = answers
            .entry(key)
            .or_try_insert_with(load)
            .await
            .map_err(|shared: Arc<ApiError>| (*shared).clone())?;
        let result = if entry.is_fresh() { "miss" } else { "hit" };
        metrics::counter!("runboard_upstream_cache_total", "result" => result).increment(1);
        Ok(entry.into_value())
    }
}
