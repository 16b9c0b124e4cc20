//! The collector's row in the store: how far the ledger is complete, the round under
//! way, how far each workload is collected, and the lease one replica collects under.

use std::collections::HashMap;

use super::Store;
use crate::error::LedgerError;

/// The collector's progress, as the page shows it.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct CollectorState {
    /// The start of the backfill: the ledger reaches back this far.
    pub backfill_from_ms: i64,
    /// Every hour before this is complete.
    pub collected_to_ms: i64,
    /// The round under way collects up to here (equal to `collected_to_ms` when idle).
    pub round_to_ms: i64,
    pub round_total: i64,
    pub round_done: i64,
    /// The idle threshold the rows were computed with, in percent.
    pub idle_threshold_percent: f64,
}

impl Store {
    /// The collector's state, if it has ever started.
    pub async fn state(&self) -> Result<Option<CollectorState>, LedgerError> {
        Ok(sqlx::query_as::<_, CollectorState>(&self.sql(
            "SELECT backfill_from_ms, collected_to_ms, round_to_ms, round_total, round_done, \
             idle_threshold_percent FROM collector_state WHERE id = 1",
        ))
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Starts the ledger at `backfill_from_ms` unless it has started already.
    pub async fn start(
        &self,
        backfill_from_ms: i64,
        idle_threshold_percent: f64,
    ) -> Result<(), LedgerError> {
        sqlx::query(&self.sql(
            "INSERT INTO collector_state (id, backfill_from_ms, collected_to_ms, round_to_ms, \
             round_total, round_done, idle_threshold_percent, holder, lease_until_ms) \
             VALUES (1, $1, $1, $1, 0, 0, $2, '', 0) ON CONFLICT (id) DO NOTHING",
        ))
        .bind(backfill_from_ms)
        .bind(idle_threshold_percent)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Takes or renews the lease to collect for `holder` until `until_ms`; `false` when
    /// another holder's lease is still running at `now_ms`.
    pub async fn take_lease(
        &self,
        holder: &str,
        now_ms: i64,
        until_ms: i64,
    ) -> Result<bool, LedgerError> {
        let taken = sqlx::query(&self.sql(
            "UPDATE collector_state SET holder = $1, lease_until_ms = $2 \
             WHERE id = 1 AND (holder = $1 OR lease_until_ms < $3)",
        ))
        .bind(holder)
        .bind(until_ms)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(taken.rows_affected() == 1)
    }

    /// Gives the lease up (a replica shutting down).
    pub async fn release_lease(&self, holder: &str) -> Result<(), LedgerError> {
        sqlx::query(
            &self.sql("UPDATE collector_state SET lease_until_ms = 0 WHERE id = 1 AND holder = $1"),
        )
        .bind(holder)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records that a round collecting up to `to_ms` covers `total` workloads, of which
    /// `done` are already collected.
    pub async fn begin_round(&self, to_ms: i64, total: i64, done: i64) -> Result<(), LedgerError> {
        sqlx::query(&self.sql(
            "UPDATE collector_state SET round_to_ms = $1, round_total = $2, round_done = $3 \
             WHERE id = 1",
        ))
        .bind(to_ms)
        .bind(total)
        .bind(done)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// How far each workload is collected.
    pub async fn progress(&self) -> Result<HashMap<String, i64>, LedgerError> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT workload_id, collected_to_ms FROM workload_progress")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().collect())
    }
}
