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
//! answer can be 2 KB or 2 MB, so a count says nothing about memory. An answer that
//! has been decoded keeps its decoded form beside its bytes (see [`Answer::decoded`]),
//! so it is weighed twice.

use std::{
    any::Any,
    sync::{Arc, OnceLock},
    time::Duration,
};

use moka::future::Cache;
use reqwest::StatusCode;

use crate::ApiError;

/// A response read to the end.
#[derive(Clone)]
pub(super) struct Answer {
    pub(super) status: StatusCode,
    pub(super) body: bytes::Bytes,
    /// The body decoded, shared by every clone of this answer: a cached list answer
    /// is read once per lifetime, not once per viewer (decoding it was an eighth of
    /// a table page's time).
    decoded: Arc<OnceLock<Arc<dyn Any + Send + Sync>>>,
}

impl Answer {
    /// An answer as it came.
    pub(super) fn new(status: StatusCode, body: bytes::Bytes) -> Self {
        Self {
            status,
            body,
            decoded: Arc::default(),
        }
    }

    /// The body decoded by `decode`, once: later calls for the same type share the
    /// first result. A failure is not kept (it is rare, and its message is per call).
    pub(super) fn decoded<T: Send + Sync + 'static, E>(
        &self,
        decode: impl FnOnce(&[u8]) -> Result<T, E>,
    ) -> Result<Arc<T>, E> {
        if let Some(kept) = self.decoded.get()
            && let Ok(value) = Arc::clone(kept).downcast::<T>()
        {
            return Ok(value);
        }
        let value = Arc::new(decode(&self.body)?);
        // A racing decoder may have set it first; either value is the same answer.
        let _ = self.decoded.set(value.clone());
        Ok(value)
    }
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
                    u32::try_from(2 * answer.body.len() + key.url.len()).unwrap_or(u32::MAX)
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
        // Most reads find their answer: a plain lookup is far cheaper than the entry
        // API's single-flight bookkeeping, which only a miss needs.
        if let Some(answer) = answers.get(&key).await {
            metrics::counter!("runboard_upstream_cache_total", "result" => "hit").increment(1);
            return Ok(answer);
        }
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
        Answer::new(StatusCode::OK, bytes::Bytes::from(vec![b' '; bytes]))
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
        // 100 answers of 4 KB asked for (weighed twice: bytes and decoded), 64 KB
        // kept: the rest were let go.
        assert!(
            answers.weighted_size() <= 64 * 1024,
            "{}",
            answers.weighted_size()
        );
        assert!(answers.entry_count() <= 8, "{}", answers.entry_count());
    }

    #[test]
    fn an_answer_is_decoded_once_and_shared_by_its_clones() {
        let first = Answer::new(StatusCode::OK, bytes::Bytes::from_static(b"[1,2]"));
        let copy = first.clone();
        let decodes = std::sync::atomic::AtomicUsize::new(0);
        let decode = |body: &[u8]| {
            decodes.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            serde_json::from_slice::<Vec<u8>>(body)
        };
        let a = first.decoded(decode).unwrap();
        let b = copy.decoded(decode).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(*a, vec![1, 2]);
        assert_eq!(decodes.load(std::sync::atomic::Ordering::SeqCst), 1);
        // A failed decode is not kept: the next one tries again.
        let bad = Answer::new(StatusCode::OK, bytes::Bytes::from_static(b"nope"));
        assert!(bad.decoded(decode).is_err());
        assert!(bad.decoded(decode).is_err());
        assert_eq!(decodes.load(std::sync::atomic::Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_zero_lifetime_keeps_nothing() {
        let cache = ReadCache::new(Duration::ZERO, 64 * 1024);
        assert!(cache.answers.is_none());
        let got = cache.get_or_load(key(0), async { Ok(answer(10)) }).await;
        assert_eq!(got.unwrap().body.len(), 10);
    }
}
