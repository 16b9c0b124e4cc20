//! The shared tier against a store in memory that behaves as Redis does for its calls.

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
    async fn put(&self, name: &str, answer: Vec<u8>, _: Duration) -> Result<(), SharedStoreError> {
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

/// A store in which another replica stores its answer (and lets its claim go) just
/// after this one looked and found none, before it claims.
#[derive(Default)]
struct AnsweredMeanwhile(InMemory);

#[async_trait]
impl SharedAnswers for AnsweredMeanwhile {
    fn name(&self, parts: &[&[u8]]) -> String {
        self.0.name(parts)
    }
    async fn get(&self, name: &str) -> Result<Option<Vec<u8>>, SharedStoreError> {
        self.0.get(name).await
    }
    async fn put(
        &self,
        name: &str,
        answer: Vec<u8>,
        ttl: Duration,
    ) -> Result<(), SharedStoreError> {
        self.0.put(name, answer, ttl).await
    }
    async fn claim(&self, name: &str, hold: Duration) -> Result<bool, SharedStoreError> {
        let read = name.trim_end_matches(":asking");
        self.0.put(read, b"0[2]".to_vec(), hold).await?;
        self.0.claim(name, hold).await
    }
    async fn release(&self, name: &str) -> Result<(), SharedStoreError> {
        self.0.release(name).await
    }
}

#[tokio::test]
async fn an_answer_stored_between_the_look_and_the_claim_is_taken_not_asked_again() {
    let store = Arc::new(AnsweredMeanwhile::default());
    let calls = AtomicUsize::new(0);
    let tier = SharedTier::new(
        store.clone(),
        Duration::from_secs(5),
        Duration::from_secs(2),
    );
    let answer = tier.read("list", upstream(&calls, true)).await.unwrap();
    assert_eq!(answer.body.as_ref(), b"[2]", "the other replica's answer");
    assert_eq!(calls.load(Ordering::SeqCst), 0, "nothing asked upstream");
    assert!(
        store.0.claims.lock().unwrap().is_empty(),
        "the claim is let go"
    );
}

#[tokio::test]
async fn a_failed_ask_is_not_shared_and_the_waiters_ask_themselves() {
    let store = Arc::new(InMemory::default());
    let calls = AtomicUsize::new(0);
    let tiers = replicas(&store, 2);
    let (failed, second) = tokio::join!(tiers[0].read("list", upstream(&calls, false)), async {
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
