//! Who a rule's owner is allowed to hear about: the projects their own Run:ai key could
//! see when they last signed in, refreshed at every sign-in. Rules evaluate within it,
//! and pause when their owner has not signed in for [`OWNER_AWAY_MS`].

use super::Store;
use crate::{calendar::DAY_MS, error::LedgerError};

/// An owner away this long (no sign-in) has their rules paused.
pub const OWNER_AWAY_MS: i64 = 30 * DAY_MS;
/// Projects remembered per owner, at most.
pub const MAX_OWNER_PROJECTS: usize = 10_000;

/// What an owner could see at their last sign-in.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnerScope {
    /// The project ids.
    pub projects: Vec<String>,
    pub signed_in_ms: i64,
}

impl OwnerScope {
    /// Whether rules of this owner are paused at `now_ms`.
    pub fn away(&self, now_ms: i64) -> bool {
        now_ms - self.signed_in_ms > OWNER_AWAY_MS
    }
}

impl Store {
    /// Records what `owner` could see as they signed in at `now_ms`.
    pub async fn record_owner_scope(
        &self,
        owner: &str,
        projects: &[String],
        now_ms: i64,
    ) -> Result<(), LedgerError> {
        let kept = &projects[..projects.len().min(MAX_OWNER_PROJECTS)];
        let json = serde_json::to_string(kept).expect("a list of strings encodes");
        sqlx::query(&self.sql(
            "INSERT INTO alert_owners (owner, projects, signed_in_ms) VALUES ($1, $2, $3) \
             ON CONFLICT (owner) DO UPDATE SET projects = $2, signed_in_ms = $3",
        ))
        .bind(owner)
        .bind(json)
        .bind(now_ms)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// What `owner` could see at their last sign-in; `None` when none is recorded.
    pub async fn owner_scope(&self, owner: &str) -> Result<Option<OwnerScope>, LedgerError> {
        let row: Option<(String, i64)> = sqlx::query_as(
            &self.sql("SELECT projects, signed_in_ms FROM alert_owners WHERE owner = $1"),
        )
        .bind(owner)
        .fetch_optional(self.pool())
        .await?;
        row.map(|(projects, signed_in_ms)| {
            let projects = serde_json::from_str(&projects)
                .map_err(|err| LedgerError::Query(format!("owner {owner}'s projects: {err}")))?;
            Ok(OwnerScope {
                projects,
                signed_in_ms,
            })
        })
        .transpose()
    }
}
