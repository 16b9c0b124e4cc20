//! Run:ai answers shared by replicas through Redis: the client's shared tier
//! ([`runai::client::SharedAnswers`]). Names are keyed hashes under a key derived from
//! the session key, which every replica sharing Redis holds; values expire with the
//! read cache's lifetime.

use std::time::Duration;

use async_trait::async_trait;
use hmac::{Hmac, Mac};
use runai::{
    Secret,
    client::{SharedAnswers, SharedStoreError},
};
use sha2::Sha256;
use tower_sessions_redis_store::fred::{
    self,
    clients::Pool,
    interfaces::KeysInterface,
    types::{Expiration, SetOptions},
};

/// The longest any one Redis call may take: a slow Redis costs a read no more than this
/// before the read goes upstream on its own.
const CALL_LIMIT: Duration = Duration::from_millis(250);

/// Upstream answers in Redis.
pub struct RedisAnswers {
    pool: Pool,
    key: [u8; 32],
}

impl RedisAnswers {
    /// Shares through `pool`, naming reads under a key derived from `session_key`.
    pub fn new(pool: Pool, session_key: &Secret) -> Self {
        let mut mac = Hmac::<Sha256>::new_from_slice(session_key.expose().as_bytes())
            .expect("HMAC takes keys of any length");
        mac.update(b"runboard: names of shared upstream answers");
        Self {
            pool,
            key: mac.finalize().into_bytes().into(),
        }
    }
}

/// A Redis call, bounded by [`CALL_LIMIT`].
async fn bounded<T>(
    call: impl Future<Output = Result<T, fred::error::Error>>,
) -> Result<T, SharedStoreError> {
    match tokio::time::timeout(CALL_LIMIT, call).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(err)) => Err(SharedStoreError(format!("Redis: {}", err.details()))),
        Err(_) => Err(SharedStoreError(format!(
            "Redis did not answer within {} ms",
            CALL_LIMIT.as_millis()
        ))),
    }
}

fn px(duration: Duration) -> Option<Expiration> {
    Some(Expiration::PX(duration.as_millis().max(1) as i64))
}

#[async_trait]
impl SharedAnswers for RedisAnswers {
    fn name(&self, parts: &[&[u8]]) -> String {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes keys of any length");
        for part in parts {
            // Each part's length first: ("ab", "c") and ("a", "bc") name different reads.
            mac.update(&(part.len() as u64).to_le_bytes());
            mac.update(part);
        }
        let hash: String = mac.finalize().into_bytes()[..20]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("runboard:answer:{hash}")
    }

    async fn get(&self, name: &str) -> Result<Option<Vec<u8>>, SharedStoreError> {
        bounded(self.pool.get::<Option<Vec<u8>>, _>(name)).await
    }

    async fn put(
        &self,
        name: &str,
        answer: Vec<u8>,
        ttl: Duration,
    ) -> Result<(), SharedStoreError> {
        bounded(
            self.pool
                .set::<(), _, _>(name, answer, px(ttl), None, false),
        )
        .await
    }

    async fn claim(&self, name: &str, hold: Duration) -> Result<bool, SharedStoreError> {
        let set: Option<String> =
            bounded(
                self.pool
                    .set(name, 1, px(hold), Some(SetOptions::NX), false),
            )
            .await?;
        Ok(set.is_some())
    }

    async fn release(&self, name: &str) -> Result<(), SharedStoreError> {
        bounded(self.pool.del::<(), _>(name)).await
    }
}
