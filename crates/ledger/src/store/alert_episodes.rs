//! Episodes of alert rules: one per rule and subject (a workload or a project) from the
//! evaluation that finds its condition holding until the one that finds it cleared. A
//! message is queued once per episode; an episode whose subject matches again after it
//! cleared is a new one. Kept [`EPISODES_KEPT_MS`] after they clear.

use serde::{Deserialize, Serialize};

use super::Store;
use crate::{calendar::DAY_MS, error::LedgerError};

/// How long a cleared episode (and a delivery) is kept: for `/alerts`' history.
pub const EPISODES_KEPT_MS: i64 = 30 * DAY_MS;
/// Open episodes one rule holds at most: matches past this are counted, not kept.
pub const MAX_OPEN_EPISODES: usize = 500;

/// What a rule found holding: a workload or a project, in words for a message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// A workload's id or a project's.
    pub subject: String,
    /// The workload's or project's name.
    pub title: String,
    /// The project it belongs to.
    pub project: String,
    /// What happened: "waiting 2 h 10 min".
    pub detail: String,
    /// The dashboard's page for it (a path: `/workloads/…`).
    pub link: String,
}

/// An open episode.
#[derive(Clone, Debug, PartialEq)]
pub struct Episode {
    pub finding: Finding,
    pub opened_ms: i64,
    /// When a message about it was queued; 0 before.
    pub notified_ms: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    subject: String,
    title: String,
    project: String,
    detail: String,
    link: String,
    opened_ms: i64,
    notified_ms: i64,
}

impl From<Row> for Episode {
    fn from(row: Row) -> Self {
        Self {
            finding: Finding {
                subject: row.subject,
                title: row.title,
                project: row.project,
                detail: row.detail,
                link: row.link,
            },
            opened_ms: row.opened_ms,
            notified_ms: row.notified_ms,
        }
    }
}

/// What one evaluation changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EpisodeChanges {
    pub opened: usize,
    pub cleared: usize,
}

impl Store {
    /// Rule `rule_id`'s open episodes.
    pub async fn open_episodes(&self, rule_id: &str) -> Result<Vec<Episode>, LedgerError> {
        let rows = sqlx::query_as::<_, Row>(&self.sql(
            "SELECT subject, title, project, detail, link, opened_ms, notified_ms \
             FROM alert_episodes WHERE rule_id = $1 AND cleared_ms = 0 ORDER BY opened_ms",
        ))
        .bind(rule_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(Episode::from).collect())
    }

    /// Files an evaluation of rule `rule_id` at `now_ms` that found `holding`: opens an
    /// episode for each subject without one, clears those whose subject no longer holds.
    /// One transaction, so a replica that stops half-way leaves the episodes as they were.
    pub async fn file_findings(
        &self,
        rule_id: &str,
        holding: &[Finding],
        now_ms: i64,
    ) -> Result<EpisodeChanges, LedgerError> {
        let open = self.open_episodes(rule_id).await?;
        let is_open = |subject: &str| open.iter().any(|e| e.finding.subject == subject);
        let holds = |subject: &str| holding.iter().any(|f| f.subject == subject);
        let room = MAX_OPEN_EPISODES.saturating_sub(open.len());
        let new: Vec<&Finding> = holding
            .iter()
            .filter(|f| !is_open(&f.subject))
            .take(room)
            .collect();
        let gone: Vec<&Episode> = open.iter().filter(|e| !holds(&e.finding.subject)).collect();
        let mut tx = self.pool().begin().await?;
        let insert = self.sql(
            "INSERT INTO alert_episodes (rule_id, subject, title, project, detail, link, \
             opened_ms) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        );
        for finding in &new {
            sqlx::query(&insert)
                .bind(rule_id)
                .bind(&finding.subject)
                .bind(&finding.title)
                .bind(&finding.project)
                .bind(&finding.detail)
                .bind(&finding.link)
                .bind(now_ms)
                .execute(&mut *tx)
                .await?;
        }
        let clear = self.sql(
            "UPDATE alert_episodes SET cleared_ms = $3 \
             WHERE rule_id = $1 AND subject = $2 AND cleared_ms = 0",
        );
        for episode in &gone {
            sqlx::query(&clear)
                .bind(rule_id)
                .bind(&episode.finding.subject)
                .bind(now_ms)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(EpisodeChanges {
            opened: new.len(),
            cleared: gone.len(),
        })
    }

    /// When rule `rule_id` last found something (an episode opened), if ever.
    pub async fn last_firing_ms(&self, rule_id: &str) -> Result<Option<i64>, LedgerError> {
        Ok(sqlx::query_scalar(
            &self.sql("SELECT MAX(opened_ms) FROM alert_episodes WHERE rule_id = $1"),
        )
        .bind(rule_id)
        .fetch_one(self.pool())
        .await?)
    }

    /// Forgets episodes cleared and deliveries made before `before_ms`.
    pub async fn forget_alerts_before(&self, before_ms: i64) -> Result<(), LedgerError> {
        for forget in [
            "DELETE FROM alert_episodes WHERE cleared_ms > 0 AND cleared_ms < $1",
            "DELETE FROM alert_deliveries WHERE state <> 'pending' AND created_ms < $1",
        ] {
            sqlx::query(&self.sql(forget))
                .bind(before_ms)
                .execute(self.pool())
                .await?;
        }
        Ok(())
    }
}
