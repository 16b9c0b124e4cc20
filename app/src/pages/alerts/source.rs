//! Where the alerts page keeps rules (server only): the ledger's store, the sealer of
//! destinations, which private hosts webhooks may reach, which channels this dashboard
//! can send on, who may change anyone's shared rules, and who each owner could see when
//! they last signed in (asked of Run:ai with their own key, kept in the store).

use std::{sync::Arc, time::Duration};

use alerts::{seal::Sealer, target::PrivateHosts};
use ledger::{
    alert_rule::Channel,
    store::{Actor, RuleChange, Store},
    visibility::Visibility,
};
use runai::client::{Credentials, RunaiClient};

use crate::error::AppError;

/// What the alerts page works with (provided as context by the server). Cheap to clone.
#[derive(Clone)]
pub struct AlertsSource {
    parts: Arc<Parts>,
}

/// Channels this dashboard can send on, and why the others are not offered.
#[derive(Clone, Debug, Default)]
pub struct Offered {
    /// Each channel with `None` when offered, or why not.
    pub channels: Vec<(Channel, Option<String>)>,
}

impl Offered {
    /// Why `channel` cannot be used here, if it cannot.
    pub fn refusal(&self, channel: Channel) -> Option<&str> {
        self.channels
            .iter()
            .find(|(c, _)| *c == channel)
            .and_then(|(_, why)| why.as_deref())
    }
}

/// How long a sign-in's recording of what its person can see stands: sign-ins within it
/// do not ask again.
pub const SCOPE_STANDS_FOR: Duration = Duration::from_secs(600);
/// People whose recent recording is remembered, at most.
const SCOPES_REMEMBERED: u64 = 10_000;
/// Recordings under way at once, at most: a flood of sign-ins queues nothing.
const RECORDINGS_AT_ONCE: usize = 4;

struct Parts {
    store: Result<Store, AppError>,
    /// Who had their scope recorded within [`SCOPE_STANDS_FOR`].
    recorded: moka::sync::Cache<String, ()>,
    recording: Arc<tokio::sync::Semaphore>,
    sealer: Sealer,
    private_hosts: PrivateHosts,
    offered: Offered,
    admins: Vec<String>,
    visibility: Visibility,
}

impl AlertsSource {
    /// Rules kept in `store` (or why it could not be opened), destinations sealed with
    /// `sealer`; `client` asks who may see what.
    pub fn new(
        store: Result<Store, AppError>,
        sealer: Sealer,
        private_hosts: PrivateHosts,
        offered: Offered,
        admins: Vec<String>,
        client: RunaiClient,
    ) -> Self {
        Self {
            parts: Arc::new(Parts {
                store,
                recorded: moka::sync::Cache::builder()
                    .max_capacity(SCOPES_REMEMBERED)
                    .time_to_live(SCOPE_STANDS_FOR)
                    .build(),
                recording: Arc::new(tokio::sync::Semaphore::new(RECORDINGS_AT_ONCE)),
                sealer,
                private_hosts,
                offered,
                admins,
                visibility: Visibility::new(client),
            }),
        }
    }

    /// The store, or why there is none.
    pub fn store(&self) -> Result<&Store, AppError> {
        self.parts.store.as_ref().map_err(Clone::clone)
    }

    /// Seals a destination for keeping.
    pub fn seal(&self, plain: &str) -> String {
        self.parts.sealer.seal(plain.as_bytes())
    }

    /// Hosts webhooks may reach on private networks.
    pub fn private_hosts(&self) -> &PrivateHosts {
        &self.parts.private_hosts
    }

    /// The channels offered here.
    pub fn offered(&self) -> &Offered {
        &self.parts.offered
    }

    /// Whether `principal` may change anyone's shared rules.
    pub fn is_admin(&self, principal: &str) -> bool {
        self.parts.admins.iter().any(|admin| admin == principal)
    }

    /// Changes rule `id` as `actor` asks, if they may.
    pub async fn change(
        &self,
        id: &str,
        actor: Actor<'_>,
        change: RuleChange<'_>,
        now_ms: i64,
    ) -> Result<(), AppError> {
        Ok(self
            .store()?
            .change_alert_rule(id, actor, change, now_ms)
            .await?)
    }

    /// Records in the background what `principal` can see as they sign in, unless it was
    /// recorded within ten minutes or four recordings are under way (a
    /// flood of sign-ins starts nothing more; making a rule records it too).
    pub fn record_scope_at_sign_in(&self, principal: &str, credentials: &Credentials) {
        if self.parts.store.is_err() || self.parts.recorded.contains_key(principal) {
            return;
        }
        let Ok(permit) = self.parts.recording.clone().try_acquire_owned() else {
            return;
        };
        self.parts.recorded.insert(principal.to_owned(), ());
        let (source, principal, credentials) =
            (self.clone(), principal.to_owned(), credentials.clone());
        tokio::spawn(async move {
            let now = runai::model::Timestamp::now().unix_millis();
            if let Err(err) = source.record_scope(&principal, &credentials, now).await {
                // Asked again at the next sign-in.
                source.parts.recorded.invalidate(&principal);
                tracing::warn!("what an alert rule's owner can see was not recorded: {err}");
            }
            drop(permit);
        });
    }

    /// Records what `principal`'s own key can see now (at sign-in, and when they make a
    /// rule), so their rules tell them only of that.
    pub async fn record_scope(
        &self,
        principal: &str,
        credentials: &Credentials,
        now_ms: i64,
    ) -> Result<(), AppError> {
        let store = self.store()?;
        let known = store.project_ids().await?;
        let visible = self
            .parts
            .visibility
            .projects(credentials, known)
            .await
            .map_err(AppError::from)?;
        let mut projects: Vec<String> = visible.iter().cloned().collect();
        projects.sort();
        store
            .record_owner_scope(principal, &projects, now_ms)
            .await?;
        Ok(())
    }
}
