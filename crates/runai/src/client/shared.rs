//! A second tier under the read cache, shared by replicas: identical reads within the
//! cache's lifetime are asked upstream by one replica, and the others take its answer.
//!
//! Before asking, a replica looks for the answer in the shared store; if none is there
//! it claims the right to ask (a short lock). Whoever holds the claim asks and stores
//! the answer; the others look again every few milliseconds until it appears, the claim
//! is let go (its holder failed: they claim it themselves), or [`SharedTier::wait`]
//! passes, when they ask themselves. Only successful answers are shared, under a name
//! that is a keyed hash of who asks and what: an answer never reaches anyone whose
//! credentials would not have got it.
//!
//! The store is an extra, never a dependency: when it fails or is slow, reads go
//! upstream as they would without it, with one warning until it answers again.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use async_trait::async_trait;
use reqwest::StatusCode;

use super::cache::Answer;
use crate::ApiError;

/// Why the shared store did not help this time (it is not an error of the read).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SharedStoreError(pub String);

/// Where replicas share upstream answers (Redis, in the server). Each call is bounded
/// in time by the implementation.
#[async_trait]
pub trait SharedAnswers: Send + Sync + 'static {
    /// The name a read is shared under: a keyed hash of `parts` (who asks, what), the
    /// same on every replica and useless to anyone without the key.
    fn name(&self, parts: &[&[u8]]) -> String;
    /// The stored answer named `name`, if any.
    async fn get(&self, name: &str) -> Result<Option<Vec<u8>>, SharedStoreError>;
    /// Stores `answer` under `name` for `ttl`.
    async fn put(&self, name: &str, answer: Vec<u8>, ttl: Duration)
    -> Result<(), SharedStoreError>;
    /// Claims `name` for at most `hold`: `false` when another replica holds it.
    async fn claim(&self, name: &str, hold: Duration) -> Result<bool, SharedStoreError>;
    /// Lets a claim go before its time.
    async fn release(&self, name: &str) -> Result<(), SharedStoreError>;
}

/// A shared store, as [`super::ClientConfig`] takes it.
#[derive(Clone)]
pub struct SharedStore(pub Arc<dyn SharedAnswers>);

impl std::fmt::Debug for SharedStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SharedStore")
    }
}

/// The shared store as the client uses it.
pub(super) struct SharedTier {
    store: Arc<dyn SharedAnswers>,
    /// How long an answer is shared (the read cache's lifetime).
    ttl: Duration,
    /// How long a replica waits for another's answer before asking itself.
    wait: Duration,
    /// Set while the store fails: the warning is given once per outage.
    failing: AtomicBool,
}

/// How often a waiting replica looks for the answer.
const POLL: Duration = Duration::from_millis(20);

impl SharedTier {
    pub(super) fn new(store: Arc<dyn SharedAnswers>, ttl: Duration, wait: Duration) -> Self {
        Self {
            store,
            ttl,
            wait,
            failing: AtomicBool::new(false),
        }
    }

    /// The shared name of a read.
    pub(super) fn name(&self, parts: &[&[u8]]) -> String {
        self.store.name(parts)
    }

    /// The answer named `name`: another replica's, or `load`'s (then shared).
    pub(super) async fn read(
        &self,
        name: &str,
        load: impl Future<Output = Result<Answer, ApiError>>,
    ) -> Result<Answer, ApiError> {
        let claim = format!("{name}:asking");
        let deadline = tokio::time::Instant::now() + self.wait;
        loop {
            match self.store.get(name).await {
                Ok(Some(stored)) => {
                    self.answers_again();
                    if let Some(answer) = decode(&stored) {
                        metrics::counter!("runboard_upstream_cache_total", "result" => "shared")
                            .increment(1);
                        return Ok(answer);
                    }
                }
                Ok(None) => self.answers_again(),
                Err(err) => {
                    self.fails(&err);
                    return load.await;
                }
            }
            match self.store.claim(&claim, self.wait).await {
                Ok(true) => return self.ask(name, &claim, load).await,
                Ok(false) if tokio::time::Instant::now() < deadline => {
                    tokio::time::sleep(POLL).await
                }
                // Waited long enough for another replica: ask without it.
                Ok(false) => return load.await,
                Err(err) => {
                    self.fails(&err);
                    return load.await;
                }
            }
        }
    }

    /// Asks upstream holding the claim, shares a successful answer, lets the claim go.
    async fn ask(
        &self,
        name: &str,
        claim: &str,
        load: impl Future<Output = Result<Answer, ApiError>>,
    ) -> Result<Answer, ApiError> {
        let result = load.await;
        if let Ok(answer) = &result
            && let Some(stored) = encode(answer)
            && let Err(err) = self.store.put(name, stored, self.ttl).await
        {
            self.fails(&err);
        }
        if let Err(err) = self.store.release(claim).await {
            self.fails(&err);
        }
        result
    }

    fn fails(&self, err: &SharedStoreError) {
        if !self.failing.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                error = %err,
                "the shared answer store does not answer: each replica asks Run:ai itself until it does"
            );
        }
    }

    fn answers_again(&self) {
        if self.failing.swap(false, Ordering::Relaxed) {
            tracing::info!("the shared answer store answers again: replicas share Run:ai answers");
        }
    }
}

/// An answer as stored: a byte for its status, then its body. Only the two successes
/// Run:ai's reads answer with are shared: `200 OK` and `207` (metrics in part).
fn encode(answer: &Answer) -> Option<Vec<u8>> {
    let tag = match answer.status {
        StatusCode::OK => b'0',
        StatusCode::MULTI_STATUS => b'7',
        _ => return None,
    };
    let mut stored = Vec::with_capacity(1 + answer.body.len());
    stored.push(tag);
    stored.extend_from_slice(&answer.body);
    Some(stored)
}

/// The answer `encode` stored; `None` for anything else (it is then asked again).
fn decode(stored: &[u8]) -> Option<Answer> {
    let (tag, body) = stored.split_first()?;
    let status = match tag {
        b'0' => StatusCode::OK,
        b'7' => StatusCode::MULTI_STATUS,
        _ => return None,
    };
    Some(Answer::new(status, bytes::Bytes::copy_from_slice(body)))
}

#[cfg(test)]
mod tests {
    use std::{
        collections::HashMap,
        sync::{Mutex, atomic::AtomicUsize},
    };

    use super::*;

    /// A store in memory, as Redis behaves for these calls; `down` makes it fail.
    #[derive(Default)]
    struct InMemory {
        answers: Mutex<HashMap<String, Vec<u8>>>,
        claims: Mutex<HashMap<String, tokio::time::Instant>>,
        down: AtomicBool,
    }

    impl InMemory {
        fn up(&self) -> Result<(), SharedStoreError> {
            match self.down.load(Ordering::SeqCst) {
                true => Err(SharedStoreError("connection refused".to_owned())),
                false => Ok(()),
            }
        }
    }

    #[async_trait]
    impl SharedAnswers for InMemory {
        fn name(&self, parts: &[&[u8]]) -> String {
            parts
                .iter()
                .map(|p| String::from_utf8_lossy(p))
                .collect::<Vec<_>>()
                .join("|")
        }
        async fn get(&self, name: &str) -> Result<Option<Vec<u8>>, SharedStoreError> {
            self.up()?;
            Ok(self.answers.lock().unwrap().get(name).cloned())
        }
        async fn put(
            &self,
            name: &str,
            answer: Vec<u8>,
            _: Duration,
        ) -> Result<(), SharedStoreError> {
            self.up()?;
            self.answers.lock().unwrap().insert(name.to_owned(), answer);
            Ok(())
        }
        async fn claim(&self, name: &str, hold: Duration) -> Result<bool, SharedStoreError> {
            self.up()?;
            let now = tokio::time::Instant::now();
            let mut claims = self.claims.lock().unwrap();
            match claims.get(name) {
                Some(until) if *until > now => Ok(false),
                _ => {
                    claims.insert(name.to_owned(), now + hold);
                    Ok(true)
                }
            }
        }
        async fn release(&self, name: &str) -> Result<(), SharedStoreError> {
            self.up()?;
            self.claims.lock().unwrap().remove(name);
            Ok(())
        }
    }

    fn replicas(store: &Arc<InMemory>, n: usize) -> Vec<SharedTier> {
        (0..n)
            .map(|_| {
                SharedTier::new(
                    store.clone(),
                    Duration::from_secs(5),
                    Duration::from_secs(2),
                )
            })
            .collect()
    }

    /// An upstream call that takes a moment and counts itself.
    async fn upstream(calls: &AtomicUsize, ok: bool) -> Result<Answer, ApiError> {
        calls.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(50)).await;
        match ok {
            true => Ok(Answer::new(
                StatusCode::OK,
                bytes::Bytes::from_static(b"[1]"),
            )),
            false => Err(ApiError::Timeout),
        }
    }

    #[tokio::test]
    async fn replicas_asking_at_once_make_one_upstream_call() {
        let store = Arc::new(InMemory::default());
        let calls = AtomicUsize::new(0);
        let tiers = replicas(&store, 3);
        let (a, b, c) = tokio::join!(
            tiers[0].read("list", upstream(&calls, true)),
            tiers[1].read("list", upstream(&calls, true)),
            tiers[2].read("list", upstream(&calls, true)),
        );
        for answer in [a, b, c] {
            assert_eq!(answer.unwrap().body.as_ref(), b"[1]");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        // Later reads take the stored answer.
        tiers[2].read("list", upstream(&calls, true)).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        // A different name (another person, another view) is asked for itself.
        tiers[0]
            .read("other", upstream(&calls, true))
            .await
            .unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_failed_ask_is_not_shared_and_the_waiters_ask_themselves() {
        let store = Arc::new(InMemory::default());
        let calls = AtomicUsize::new(0);
        let tiers = replicas(&store, 2);
        let (failed, second) =
            tokio::join!(tiers[0].read("list", upstream(&calls, false)), async {
                tokio::time::sleep(Duration::from_millis(5)).await;
                tiers[1].read("list", upstream(&calls, true)).await
            });
        assert!(matches!(failed, Err(ApiError::Timeout)));
        assert_eq!(second.unwrap().status, StatusCode::OK);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_store_that_fails_is_passed_by_and_warned_about_once_per_outage() {
        let store = Arc::new(InMemory::default());
        let calls = AtomicUsize::new(0);
        let tier = &replicas(&store, 1)[0];
        store.down.store(true, Ordering::SeqCst);
        for _ in 0..3 {
            assert!(tier.read("list", upstream(&calls, true)).await.is_ok());
        }
        assert_eq!(calls.load(Ordering::SeqCst), 3, "every read went upstream");
        assert!(tier.failing.load(Ordering::SeqCst));
        store.down.store(false, Ordering::SeqCst);
        tier.read("list", upstream(&calls, true)).await.unwrap();
        assert!(!tier.failing.load(Ordering::SeqCst), "recovered");
        tier.read("list", upstream(&calls, true)).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 4, "shared again");
    }

    #[test]
    fn only_successful_answers_read_back() {
        let ok = Answer::new(StatusCode::OK, bytes::Bytes::from_static(b"{}"));
        let back = decode(&encode(&ok).unwrap()).unwrap();
        assert_eq!(
            (back.status, back.body.as_ref()),
            (StatusCode::OK, &b"{}"[..])
        );
        let partial = Answer::new(StatusCode::MULTI_STATUS, bytes::Bytes::new());
        assert_eq!(decode(&encode(&partial).unwrap()).unwrap().status, 207);
        let failed = Answer::new(StatusCode::BAD_GATEWAY, bytes::Bytes::new());
        assert!(encode(&failed).is_none());
        assert!(decode(b"x").is_none());
        assert!(decode(b"").is_none());
    }
}
