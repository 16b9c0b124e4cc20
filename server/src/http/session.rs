//! Server-side sessions: the browser holds one opaque, HttpOnly cookie; everything
//! else (who signed in, their sealed Run:ai key) stays in the store — this process's
//! memory by default (bounded: expired sessions are removed, and past a cap the least
//! recently used go), or Redis so that several replicas share sessions.

use std::time::{Duration, Instant};

use async_trait::async_trait;
use moka::{Expiry as MokaExpiry, future::Cache};
use tower_sessions::{
    Expiry, SessionManagerLayer, SessionStore,
    cookie::SameSite,
    session::{Id, Record},
    session_store,
};
use tower_sessions_redis_store::{
    RedisStore,
    fred::prelude::{Builder, ClientLike, Config, Pool, ReconnectPolicy},
};

use crate::{ServeError, config::Settings};

/// The session cookie's name over plain http.
pub const COOKIE_NAME: &str = "runboard_session";
/// The session cookie's name when it is Secure: the `__Host-` prefix makes browsers
/// refuse it unless it is Secure, for this host only (no `Domain`) and `Path=/`, so a
/// sibling subdomain cannot plant or shadow it.
pub const SECURE_COOKIE_NAME: &str = "__Host-runboard_session";

/// Sessions in this process's memory: each removed when it expires, and at most a
/// fixed number at once (past it the least recently used are ended).
#[derive(Clone)]
pub struct MemorySessions {
    sessions: Cache<Id, Record>,
    max_live: u64,
}

impl std::fmt::Debug for MemorySessions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MemorySessions({} live)", self.sessions.entry_count())
    }
}

/// A session leaves memory at its own expiry date, which each save moves.
struct AtExpiryDate;

impl AtExpiryDate {
    fn remaining(record: &Record) -> Duration {
        let left = record.expiry_date - tower_sessions::cookie::time::OffsetDateTime::now_utc();
        left.try_into().unwrap_or(Duration::ZERO)
    }
}

impl MokaExpiry<Id, Record> for AtExpiryDate {
    fn expire_after_create(&self, _: &Id, record: &Record, _: Instant) -> Option<Duration> {
        Some(Self::remaining(record))
    }

    fn expire_after_update(
        &self,
        _: &Id,
        record: &Record,
        _: Instant,
        _: Option<Duration>,
    ) -> Option<Duration> {
        Some(Self::remaining(record))
    }
}

impl MemorySessions {
    /// A store holding at most `max_live` sessions.
    pub fn new(max_live: u64) -> Self {
        Self {
            sessions: Cache::builder()
                .max_capacity(max_live)
                // Least recently used first: a fresh sign-in is never the one refused.
                .eviction_policy(moka::policy::EvictionPolicy::lru())
                .expire_after(AtExpiryDate)
                .build(),
            max_live,
        }
    }

    /// Applies pending evictions once the cap is passed (the cache applies them in
    /// batches), and reports the count as `runboard_sessions_in_memory`.
    async fn settle(&self) {
        if self.sessions.entry_count() > self.max_live {
            self.sessions.run_pending_tasks().await;
        }
        metrics::gauge!("runboard_sessions_in_memory").set(self.sessions.entry_count() as f64);
    }
}

#[async_trait]
impl SessionStore for MemorySessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        while self.sessions.contains_key(&record.id) {
            record.id = Id::default();
        }
        self.sessions.insert(record.id, record.clone()).await;
        self.settle().await;
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.sessions.insert(record.id, record.clone()).await;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        Ok(self.sessions.get(id).await)
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.sessions.invalidate(id).await;
        self.settle().await;
        Ok(())
    }
}

/// Where sessions are kept.
#[derive(Debug, Clone)]
pub enum Store {
    /// In this process: lost on restart, not shared.
    Memory(MemorySessions),
    /// In Redis, shared by every replica pointed at it (with the connection pool, which
    /// the replicas' shared answers use too).
    Redis(RedisStore<Pool>, Pool),
}

impl Store {
    /// The store the settings ask for; Redis must answer within a few seconds.
    pub async fn open(settings: &Settings) -> Result<Self, ServeError> {
        let Some(url) = &settings.session.redis_url else {
            return Ok(Store::Memory(MemorySessions::new(
                settings.exposure.session_max_live,
            )));
        };
        // The URL may carry a password: errors name the setting, never the URL.
        let refused =
            |why: String| ServeError::Sessions(format!("RUNBOARD_SESSION_REDIS_URL: {why}"));
        let config = Config::from_url(url.expose()).map_err(|e| refused(e.to_string()))?;
        let pool = Builder::from_config(config)
            .set_policy(ReconnectPolicy::new_exponential(0, 100, 2_000, 2))
            .with_connection_config(|c| c.connection_timeout = Duration::from_secs(3))
            .with_performance_config(|c| c.default_command_timeout = Duration::from_secs(3))
            .build_pool(2)
            .map_err(|e| refused(e.to_string()))?;
        // `init` listens for the first connection before starting it; `connect` then
        // `wait_for_connect` missed a connection made in between (fast, on loopback) and
        // waited out the timeout. The connection task runs on when its handle drops.
        tokio::time::timeout(Duration::from_secs(10), pool.init())
            .await
            .map_err(|_| refused("Redis did not answer within 10 s".to_owned()))?
            .map_err(|e| refused(e.to_string()))?;
        tracing::info!("sessions are kept in Redis");
        Ok(Store::Redis(RedisStore::new(pool.clone()), pool))
    }

    /// The Redis connections, when sessions are kept there.
    pub fn redis(&self) -> Option<&Pool> {
        match self {
            Store::Redis(_, pool) => Some(pool),
            Store::Memory(_) => None,
        }
    }

    /// Whether the store answers (for readiness).
    pub async fn ping(&self) -> bool {
        match self {
            Store::Memory(_) => true,
            Store::Redis(..) => self.load(&Id::default()).await.is_ok(),
        }
    }
}

#[async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Store::Memory(store) => store.create(record).await,
            Store::Redis(store, _) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Store::Memory(store) => store.save(record).await,
            Store::Redis(store, _) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Store::Memory(store) => store.load(id).await,
            Store::Redis(store, _) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Store::Memory(store) => store.delete(id).await,
            Store::Redis(store, _) => store.delete(id).await,
        }
    }
}

/// The session layer: a fixed cookie name (`__Host-` prefixed when Secure), HttpOnly,
/// SameSite=Lax, Path=/, Secure when configured; sessions end after the configured idle time. The store is written only
/// when a session changes: sign-in, sign-out, and [`crate::auth::Auth::caller`]'s
/// keep-alive stamp, at most once a minute, which renews the idle deadline.
pub fn layer(store: Store, settings: &Settings) -> SessionManagerLayer<Store> {
    let idle = tower_sessions::cookie::time::Duration::try_from(settings.session.idle)
        .unwrap_or(tower_sessions::cookie::time::Duration::hours(8));
    SessionManagerLayer::new(store)
        .with_name(if settings.secure_cookies {
            SECURE_COOKIE_NAME
        } else {
            COOKIE_NAME
        })
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(settings.secure_cookies)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle))
}
