//! Where the ledger lives: SQLite in the data directory by default, PostgreSQL (shared
//! by replicas) when a URL says so. The same statements run on both, through sqlx's
//! runtime-chosen driver; migrations are in `crates/ledger/migrations`.
//!
//! Besides the hourly rows it keeps the collector's state: how far the ledger is
//! complete, the round under way (for the page's progress), how far each workload is
//! collected (so a resumed round asks for nothing twice) and the lease that lets one
//! replica at a time collect, the views and alert rules people keep (with what each
//! rule's owner may hear about, its episodes and its messages), and what each running
//! workload's GPUs were doing when the collector last looked.

mod alert_deliveries;
mod alert_episodes;
mod alert_owners;
mod alert_rules;
mod collector_state;
mod daily_use;
mod gpu_states;
mod month_standing;
mod record;
mod report;
mod saved_views;

use std::{borrow::Cow, path::Path};

use sqlx::{AnyPool, Row, any::AnyPoolOptions};

pub use self::alert_deliveries::{AlertMessage, Delivery, DeliveryState, MAX_FINDINGS_PER_MESSAGE};
pub use self::alert_episodes::{
    EPISODES_KEPT_MS, Episode, EpisodeChanges, Finding, MAX_OPEN_EPISODES,
};
pub use self::alert_owners::{MAX_OWNER_PROJECTS, OWNER_AWAY_MS, OwnerScope};
pub use self::alert_rules::{
    AlertRule, MAX_RULES_EVALUATED, MAX_RULES_PER_OWNER, MAX_SHARED_RULES_LISTED, RuleChange,
    RuleTarget,
};
pub use self::collector_state::CollectorState;
pub use self::daily_use::{DayUse, MAX_PROJECTS_PER_READ};
pub use self::gpu_states::{CheckedState, MAX_IDS_PER_READ};
pub use self::month_standing::Standing;
pub use self::report::{DayTrend, Report, ReportQuery, ReportRow, TopWorkload};
pub use self::saved_views::{Actor, MAX_SHARED_LISTED, MAX_VIEWS_PER_OWNER, SavedView, ViewChange};
pub use crate::grouping::Grouping;
use crate::{calendar::DAY_MS, error::LedgerError};

static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

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

    /// Creates a new, empty database named `prefix` and a unique suffix on the PostgreSQL
    /// server `server_url` connects to, and gives its URL: each test and benchmark run
    /// gets a database of its own on one server.
    pub async fn new_postgres_database(
        server_url: &str,
        prefix: &str,
    ) -> Result<String, LedgerError> {
        use sqlx::Connection;
        let name = format!("{prefix}_{}", uuid::Uuid::new_v4().simple());
        let mut admin = sqlx::PgConnection::connect(server_url).await?;
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await?;
        let base = server_url
            .rsplit_once('/')
            .map_or(server_url, |(base, _)| base);
        Ok(format!("{base}/{name}"))
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

    /// Closes a round: every hour before `to_ms` is complete. Forgets whole days before
    /// the one `keep_from_ms` falls in, and progress that no round can need again.
    pub async fn finish_round(&self, to_ms: i64, keep_from_ms: i64) -> Result<(), LedgerError> {
        // Whole days, so the ranking (from the hours) and the trend (from the days)
        // keep the same span.
        let cut = keep_from_ms.div_euclid(DAY_MS) * DAY_MS;
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            &self.sql(
                "UPDATE collector_state SET collected_to_ms = $1, round_to_ms = $1 WHERE id = 1",
            ),
        )
        .bind(to_ms)
        .execute(&mut *tx)
        .await?;
        for forget in [
            "UPDATE collector_state SET kept_from_ms = $1 WHERE id = 1",
            "DELETE FROM workload_hours WHERE hour_ms < $1",
            "DELETE FROM project_hours WHERE hour_ms < $1",
            "DELETE FROM project_days WHERE day_ms < $1",
            "DELETE FROM workload_progress WHERE collected_to_ms < $1",
            "DELETE FROM workloads WHERE last_hour_ms < $1 AND workload_id NOT IN \
             (SELECT workload_id FROM workload_progress)",
        ] {
            sqlx::query(&self.sql(forget))
                .bind(cut)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every project the ledger has rows for.
    pub async fn project_ids(&self) -> Result<Vec<String>, LedgerError> {
        Ok(
            sqlx::query_scalar("SELECT DISTINCT project_id FROM workloads")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Every project id with rows, and its name (the latest a workload was filed with).
    pub async fn project_names(&self) -> Result<Vec<(String, String)>, LedgerError> {
        Ok(sqlx::query_as(
            "SELECT project_id, MAX(project_name) FROM workloads GROUP BY project_id",
        )
        .fetch_all(&self.pool)
        .await?)
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
