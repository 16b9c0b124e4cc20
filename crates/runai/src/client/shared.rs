//! A second tier under the read cache, shared by replicas: identical reads within the
//! cache's lifetime are asked upstream by one replica, and the others take its answer.
//!
//! Before asking, a replica looks for the answer in the shared store; if none is there
//! it claims the right to ask (a short lock), and looks once more, since another
//! replica may have stored the answer and let its claim go between the look and the
//! claim. Whoever holds the claim asks and stores the answer; the others look again
//! every few milliseconds until it appears, the claim is let go (its holder failed:
//! they claim it themselves), or [`SharedTier::wait`] passes, when they ask themselves.
//! Only successful answers are shared, under a name that is a keyed hash of who asks
//! and what: an answer never reaches anyone whose credentials would not have got it.
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
            match self.stored(name).await {
                Ok(Some(answer)) => return Ok(answer),
                Ok(None) => {}
                Err(()) => return load.await,
            }
            match self.store.claim(&claim, self.wait).await {
                Ok(true) => {
                    // Stored between the look and the claim: take it, ask nothing.
                    if let Ok(Some(answer)) = self.stored(name).await {
                        if let Err(err) = self.store.release(&claim).await {
                            self.fails(&err);
                        }
                        return Ok(answer);
                    }
                    return self.ask(name, &claim, load).await;
                }
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

    /// The answer stored under `name`, if any; `Err` when the store fails (warned).
    async fn stored(&self, name: &str) -> Result<Option<Answer>, ()> {
        match self.store.get(name).await {
            Ok(stored) => {
                self.answers_again();
                let answer = stored.as_deref().and_then(decode);
                if answer.is_some() {
                    metrics::counter!("runboard_upstream_cache_total", "result" => "shared")
                        .increment(1);
                }
                Ok(answer)
            }
            Err(err) => {
                self.fails(&err);
                Err(())
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
#[path = "shared_tests.rs"]
mod tests;
