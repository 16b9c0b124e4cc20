//! Coalescing and short-lived caching of upstream reads: identical GETs from many
//! viewers within the cache's lifetime share one Run:ai call. While a call is in
//! flight, everyone asking for the same thing waits for it (single flight); its
//! successful answer is then served for `ttl`. Failures are shared by the callers who
//! waited, never kept.
//!
//! The key holds the caller's credential scope (principal and a hash of the secret),
//! so people with different permissions never see each other's data.
//!
//! The cache is bounded by the bytes it holds, not by a count of answers: one list
//! answer can be 2 KB or 2 MB, so a count says nothing about memory.

use std::{sync::Arc, time::Duration};

use moka::future::Cache;
use reqwest::StatusCode;

use crate::ApiError;

/// A response read to the end.
#[derive(Clone)]
pub(super) struct Answer {
    pub(super) status: StatusCode,
    pub(super) body: bytes::Bytes,
}

/// What one cached read is: whose, which URL, which representation.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub(super) struct ReadKey {
    pub(super) scope: super::credentials::CallerKey,
    pub(super) url: String,
    pub(super) accept: &'static str,
}

/// Upstream answers kept for a few seconds.
pub(super) struct ReadCache {
    answers: Option<Cache<ReadKey, Answer>>,
}

impl ReadCache {
    /// A cache keeping answers for `ttl` (zero: no cache, every read goes upstream),
    /// holding at most `max_bytes` of answer bodies and URLs.
    pub(super) fn new(ttl: Duration, max_bytes: u64) -> Self {
        let answers = (!ttl.is_zero()).then(|| {
            Cache::builder()
                .time_to_live(ttl)
                .weigher(|key: &ReadKey, answer: &Answer| {
                    u32::try_from(answer.body.len() + key.url.len()).unwrap_or(u32::MAX)
                })
                .max_capacity(max_bytes)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(bytes: usize) -> Answer {
        Answer {
            status: StatusCode::OK,
            body: bytes::Bytes::from(vec![b' '; bytes]),
        }
    }

    fn key(n: usize) -> ReadKey {
        ReadKey {
            scope: super::super::Credentials::access_key("p", crate::Secret::new("s")).cache_key(),
            url: format!("/api/v1/workloads?offset={n}"),
            accept: "application/json",
        }
    }

    #[tokio::test]
    async fn the_cache_holds_at_most_its_bytes() {
        let cache = ReadCache::new(Duration::from_secs(60), 64 * 1024);
        for n in 0..100 {
            let got = cache.get_or_load(key(n), async { Ok(answer(4096)) }).await;
            assert_eq!(got.unwrap().body.len(), 4096);
        }
        let answers = cache.answers.as_ref().unwrap();
        answers.run_pending_tasks().await;
        // 100 answers of 4 KB asked for, 64 KB kept: the rest were let go.
        assert!(
            answers.weighted_size() <= 64 * 1024,
            "{}",
            answers.weighted_size()
        );
        assert!(answers.entry_count() <= 16, "{}", answers.entry_count());
    }

    #[tokio::test]
    async fn a_zero_lifetime_keeps_nothing() {
        let cache = ReadCache::new(Duration::ZERO, 64 * 1024);
        assert!(cache.answers.is_none());
        let got = cache.get_or_load(key(0), async { Ok(answer(10)) }).await;
        assert_eq!(got.unwrap().body.len(), 10);
    }
}
