//! Where the ledger lives: SQLite in the data directory by default, PostgreSQL (shared
//! by replicas) when a URL says so. The same statements run on both, through sqlx's
//! runtime-chosen driver; migrations are in `crates/ledger/migrations`.
//!
//! Besides the hourly rows it keeps the collector's state: how far the ledger is
//! complete, the round under way (for the page's progress), how far each workload is
//! collected (so a resumed round asks for nothing twice) and the lease that lets one
//! replica at a time collect.

mod collector_state;
mod report;

use std::{borrow::Cow, collections::BTreeMap, path::Path};

use sqlx::{AnyPool, Row, any::AnyPoolOptions};

pub use self::collector_state::CollectorState;
pub use self::report::{DayTrend, Grouping, Report, ReportQuery, ReportRow, TopWorkload};
use crate::{error::LedgerError, summary::GpuSeconds};

static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");
const DAY_MS: i64 = 86_400_000;

/// Which database answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// What a workload's rows are filed under.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkloadFacts {
    pub id: String,
    pub name: String,
    pub cluster_id: String,
    pub project_id: String,
    pub project_name: String,
    pub department_id: String,
    pub department_name: String,
    pub submitted_by: String,
    pub nodepool: String,
}

/// The ledger's database.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl Store {
    /// Opens (creating if needed) the database at `url` (`sqlite://…` or
    /// `postgres://…`) and brings its tables up to date.
    pub async fn open(url: &str) -> Result<Self, LedgerError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        };
        let pool = AnyPoolOptions::new()
            // SQLite takes one writer at a time; a single connection also keeps an
            // in-memory database one database.
            .max_connections(if backend == Backend::Sqlite { 1 } else { 5 })
            .connect(url)
            .await?;
        MIGRATIONS.run(&pool).await?;
        Ok(Self { pool, backend })
    }

    /// The SQLite ledger in the data directory `dir` (created if missing).
    pub async fn open_in(dir: &Path) -> Result<Self, LedgerError> {
        std::fs::create_dir_all(dir).map_err(|err| LedgerError::DataDir {
            dir: dir.display().to_string(),
            reason: err.to_string(),
        })?;
        let file = dir.join("ledger.sqlite3");
        Self::open(&format!("sqlite://{}?mode=rwc", file.display())).await
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// `text` with its `$1`-style placeholders as this database wants them (SQLite
    /// numbers named parameters by first appearance, so it gets `?1`).
    fn sql<'a>(&self, text: &'a str) -> Cow<'a, str> {
        match self.backend {
            Backend::Postgres => Cow::Borrowed(text),
            Backend::Sqlite => Cow::Owned(text.replace('$', "?")),
        }
    }

    /// Files a workload's hours (and the days they fall in) and marks it collected up
    /// to `to_ms`, in one transaction; rows already there are replaced, never counted
    /// twice.
    pub async fn record(
        &self,
        facts: &WorkloadFacts,
        hours: &BTreeMap<i64, GpuSeconds>,
        to_ms: i64,
    ) -> Result<(), LedgerError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(&self.sql(
            "INSERT INTO workloads (workload_id, workload_name, cluster_id, project_id, \
             project_name, department_id, department_name, submitted_by, nodepool) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (workload_id) DO UPDATE SET workload_name = excluded.workload_name, \
             project_name = excluded.project_name, department_name = excluded.department_name, \
             nodepool = excluded.nodepool",
        ))
        .bind(&facts.id)
        .bind(&facts.name)
        .bind(&facts.cluster_id)
        .bind(&facts.project_id)
        .bind(&facts.project_name)
        .bind(&facts.department_id)
        .bind(&facts.department_name)
        .bind(&facts.submitted_by)
        .bind(&facts.nodepool)
        .execute(&mut *tx)
        .await?;
        let upsert = self.sql(
            "INSERT INTO workload_hours (workload_id, hour_ms, allocated_gpu_s, idle_gpu_s, \
             used_gpu_s) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (workload_id, hour_ms) DO UPDATE SET \
             allocated_gpu_s = excluded.allocated_gpu_s, idle_gpu_s = excluded.idle_gpu_s, \
             used_gpu_s = excluded.used_gpu_s",
        );
        let mut days = std::collections::BTreeSet::new();
        for (hour, seconds) in hours {
            days.insert(hour.div_euclid(DAY_MS) * DAY_MS);
            sqlx::query(&upsert)
                .bind(&facts.id)
                .bind(*hour)
                .bind(seconds.allocated)
                .bind(seconds.idle)
                .bind(seconds.used)
                .execute(&mut *tx)
                .await?;
        }
        // Each touched day again from its hours (some may come from an earlier round).
        let day_sum = self.sql(
            "INSERT INTO workload_days (workload_id, day_ms, allocated_gpu_s, idle_gpu_s, \
             used_gpu_s) SELECT workload_id, $2, SUM(allocated_gpu_s), SUM(idle_gpu_s), \
             SUM(used_gpu_s) FROM workload_hours \
             WHERE workload_id = $1 AND hour_ms >= $2 AND hour_ms < $3 GROUP BY workload_id \
             ON CONFLICT (workload_id, day_ms) DO UPDATE SET \
             allocated_gpu_s = excluded.allocated_gpu_s, idle_gpu_s = excluded.idle_gpu_s, \
             used_gpu_s = excluded.used_gpu_s",
        );
        for day in days {
            sqlx::query(&day_sum)
                .bind(&facts.id)
                .bind(day)
                .bind(day + DAY_MS)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(&self.sql(
            "INSERT INTO workload_progress (workload_id, collected_to_ms) VALUES ($1, $2) \
             ON CONFLICT (workload_id) DO UPDATE SET collected_to_ms = excluded.collected_to_ms",
        ))
        .bind(&facts.id)
        .bind(to_ms)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE collector_state SET round_done = round_done + 1 WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Closes a round: every hour before `to_ms` is complete. Forgets hours older than
    /// `keep_from_ms` and progress that no round can need again.
    pub async fn finish_round(&self, to_ms: i64, keep_from_ms: i64) -> Result<(), LedgerError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            &self.sql(
                "UPDATE collector_state SET collected_to_ms = $1, round_to_ms = $1 WHERE id = 1",
            ),
        )
        .bind(to_ms)
        .execute(&mut *tx)
        .await?;
        sqlx::query(&self.sql("DELETE FROM workload_hours WHERE hour_ms < $1"))
            .bind(keep_from_ms)
            .execute(&mut *tx)
            .await?;
        // Days before the one the cut falls in go; that one keeps its whole sum.
        sqlx::query(&self.sql("DELETE FROM workload_days WHERE day_ms < $1"))
            .bind(keep_from_ms.div_euclid(DAY_MS) * DAY_MS)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "DELETE FROM workloads WHERE workload_id NOT IN \
             (SELECT workload_id FROM workload_days)",
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query(&self.sql("DELETE FROM workload_progress WHERE collected_to_ms < $1"))
            .bind(keep_from_ms)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every project the ledger has rows for.
    pub async fn project_ids(&self) -> Result<Vec<String>, LedgerError> {
        let rows = sqlx::query("SELECT DISTINCT project_id FROM workloads")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(|row| row.get(0)).collect())
    }

    /// How many hourly rows the ledger holds.
    pub async fn row_count(&self) -> Result<i64, LedgerError> {
        Ok(sqlx::query("SELECT COUNT(*) FROM workload_hours")
            .fetch_one(&self.pool)
            .await?
            .get(0))
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }
}
