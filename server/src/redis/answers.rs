//! Run:ai answers shared by replicas through Redis: the client's shared tier
//! ([`runai::client::SharedAnswers`]). Values expire with the read cache's lifetime.

use std::time::Duration;

use async_trait::async_trait;
use fred::{
    clients::Pool,
    interfaces::KeysInterface,
    types::{Expiration, SetOptions},
};
use runai::{
    Secret,
    client::{SharedAnswers, SharedStoreError},
};

use super::{KeyedNames, RedisCallError};

/// Upstream answers in Redis.
pub struct RedisAnswers {
    pool: Pool,
    names: KeyedNames,
    /// The longest one call may take.
    limit: Duration,
}

impl RedisAnswers {
    /// Shares through `pool`, naming reads under a key derived from `session_key`, each
    /// call bounded by `limit`.
    pub fn new(pool: Pool, session_key: &Secret, limit: Duration) -> Self {
        Self {
            pool,
            limit,
            names: KeyedNames::new(
                session_key,
                "runboard: names of shared upstream answers",
                "runboard:answer:",
            ),
        }
    }
}

/// A Redis call, bounded by `limit`.
async fn bounded<T>(
    limit: Duration,
    call: impl Future<Output = Result<T, fred::error::Error>>,
) -> Result<T, SharedStoreError> {
    super::bounded(limit, call)
        .await
        .map_err(|RedisCallError(why)| SharedStoreError(why))
}

fn px(duration: Duration) -> Option<Expiration> {
    Some(Expiration::PX(duration.as_millis().max(1) as i64))
}

#[async_trait]
impl SharedAnswers for RedisAnswers {
    fn name(&self, parts: &[&[u8]]) -> String {
        self.names.name(parts)
    }

    async fn get(&self, name: &str) -> Result<Option<Vec<u8>>, SharedStoreError> {
        bounded(self.limit, self.pool.get::<Option<Vec<u8>>, _>(name)).await
    }

    async fn put(
        &self,
        name: &str,
        answer: Vec<u8>,
        ttl: Duration,
    ) -> Result<(), SharedStoreError> {
        bounded(
            self.limit,
            self.pool
                .set::<(), _, _>(name, answer, px(ttl), None, false),
        )
        .await
    }

    async fn claim(&self, name: &str, hold: Duration) -> Result<bool, SharedStoreError> {
        let set: Option<String> = bounded(
            self.limit,
            self.pool
                .set(name, 1, px(hold), Some(SetOptions::NX), false),
        )
        .await?;
        Ok(set.is_some())
    }

    async fn release(&self, name: &str) -> Result<(), SharedStoreError> {
        bounded(self.limit, self.pool.del::<(), _>(name)).await
    }
}
