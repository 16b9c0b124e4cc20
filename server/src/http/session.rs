//! Server-side sessions: the browser holds one opaque, HttpOnly cookie; everything
//! else (who signed in, their sealed Run:ai key) stays in the store — this process's
//! memory by default, or Redis so that several replicas share sessions.

use std::time::Duration;

use async_trait::async_trait;
use tower_sessions::{
    Expiry, MemoryStore, SessionManagerLayer, SessionStore,
    cookie::SameSite,
    session::{Id, Record},
    session_store,
};
use tower_sessions_redis_store::{
    RedisStore,
    fred::prelude::{Builder, ClientLike, Config, Pool, ReconnectPolicy},
};

use crate::{ServeError, config::Settings};

/// The session cookie's fixed name.
pub const COOKIE_NAME: &str = "runboard_session";

/// Where sessions are kept.
#[derive(Debug, Clone)]
pub enum Store {
    /// In this process: lost on restart, not shared.
    Memory(MemoryStore),
    /// In Redis, shared by every replica pointed at it.
    Redis(RedisStore<Pool>),
}

impl Store {
    /// The store the settings ask for; Redis must answer within a few seconds.
    pub async fn open(settings: &Settings) -> Result<Self, ServeError> {
        let Some(url) = &settings.session.redis_url else {
            return Ok(Store::Memory(MemoryStore::default()));
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
        pool.connect();
        tokio::time::timeout(Duration::from_secs(10), pool.wait_for_connect())
            .await
            .map_err(|_| refused("Redis did not answer within 10 s".to_owned()))?
            .map_err(|e| refused(e.to_string()))?;
        tracing::info!("sessions are kept in Redis");
        Ok(Store::Redis(RedisStore::new(pool)))
    }

    /// Whether the store answers (for readiness).
    pub async fn ping(&self) -> bool {
        match self {
            Store::Memory(_) => true,
            Store::Redis(_) => self.load(&Id::default()).await.is_ok(),
        }
    }
}

#[async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Store::Memory(store) => store.create(record).await,
            Store::Redis(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Store::Memory(store) => store.save(record).await,
            Store::Redis(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Store::Memory(store) => store.load(id).await,
            Store::Redis(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Store::Memory(store) => store.delete(id).await,
            Store::Redis(store) => store.delete(id).await,
        }
    }
}

/// The session layer: a fixed cookie name, HttpOnly, SameSite=Lax, Secure when
/// configured; sessions end after the configured idle time. The store is written only
/// when a session changes: sign-in, sign-out, and [`crate::auth::Auth::caller`]'s
/// keep-alive stamp, at most once a minute, which renews the idle deadline.
pub fn layer(store: Store, settings: &Settings) -> SessionManagerLayer<Store> {
    let idle = tower_sessions::cookie::time::Duration::try_from(settings.session.idle)
        .unwrap_or(tower_sessions::cookie::time::Duration::hours(8));
    SessionManagerLayer::new(store)
        .with_name(COOKIE_NAME)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(settings.secure_cookies)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle))
}
