//! The GPU waste ledger: where it is stored, who collects it and how hard.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use runai::client::Credentials;
use serde::Deserialize;

use super::{ConfigError, Secret, pick_secret};

/// Whether this replica runs the ledger's collector.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum CollectorSwitch {
    #[default]
    On,
    Off,
}

/// The ledger's flags and variables.
#[derive(Debug, Default, Clone, Args)]
#[command(next_help_heading = "GPU waste ledger")]
pub struct LedgerArgs {
    /// Directory for Runboard's own data: the ledger's SQLite file when no database URL
    /// is set [default: ./runboard-data].
    #[arg(long, env = "RUNBOARD_DATA_DIR", value_name = "DIR", global = true)]
    pub data_dir: Option<PathBuf>,

    /// PostgreSQL URL of a ledger shared by replicas (postgres://user:password@host/db).
    /// Prefer the environment or RUNBOARD_DATABASE_URL_FILE: it holds a password
    /// [default: SQLite in the data directory].
    #[arg(
        long,
        env = "RUNBOARD_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true,
        global = true
    )]
    pub database_url: Option<Secret>,

    /// A file holding the database URL.
    #[arg(
        long,
        env = "RUNBOARD_DATABASE_URL_FILE",
        value_name = "FILE",
        global = true
    )]
    pub database_url_file: Option<PathBuf>,

    /// Whether this replica collects the ledger (replicas sharing a database take turns
    /// through a lease) [default: on].
    #[arg(long, env = "RUNBOARD_COLLECTOR", value_name = "on|off", global = true)]
    pub collector: Option<CollectorSwitch>,

    /// Access key the collector reads metrics with; it should see every project
    /// [default: in demo mode, the simulator's admin; otherwise none, and no collection].
    #[arg(
        long,
        env = "RUNBOARD_COLLECTOR_CLIENT_ID",
        value_name = "ID",
        global = true
    )]
    pub collector_client_id: Option<String>,

    /// Its secret (or RUNBOARD_COLLECTOR_CLIENT_SECRET_FILE).
    #[arg(
        long,
        env = "RUNBOARD_COLLECTOR_CLIENT_SECRET",
        value_name = "SECRET",
        hide_env_values = true,
        global = true
    )]
    pub collector_client_secret: Option<Secret>,

    /// A file holding the collector's secret.
    #[arg(
        long,
        env = "RUNBOARD_COLLECTOR_CLIENT_SECRET_FILE",
        value_name = "FILE",
        global = true
    )]
    pub collector_client_secret_file: Option<PathBuf>,

    /// Run:ai calls the collector may make per minute, at most [default: 120].
    #[arg(
        long,
        env = "RUNBOARD_COLLECTOR_CALLS_PER_MINUTE",
        value_name = "N",
        global = true
    )]
    pub collector_calls_per_minute: Option<u32>,

    /// A GPU under this utilization, in percent, counts as idle, in a new ledger (a
    /// ledger keeps the threshold it began with) [default: 5].
    #[arg(
        long,
        env = "RUNBOARD_LEDGER_IDLE_THRESHOLD",
        value_name = "PERCENT",
        global = true
    )]
    pub ledger_idle_threshold: Option<f64>,

    /// Days a new ledger backfills [default: 7].
    #[arg(
        long,
        env = "RUNBOARD_LEDGER_BACKFILL_DAYS",
        value_name = "DAYS",
        global = true
    )]
    pub ledger_backfill_days: Option<i64>,

    /// Days of hours the ledger keeps [default: 90].
    #[arg(
        long,
        env = "RUNBOARD_LEDGER_RETENTION_DAYS",
        value_name = "DAYS",
        global = true
    )]
    pub ledger_retention_days: Option<i64>,
}

/// The `[ledger]` table of the settings file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerFileConfig {
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<Secret>,
    pub database_url_file: Option<PathBuf>,
    pub collector: Option<CollectorSwitch>,
    pub collector_client_id: Option<String>,
    pub collector_client_secret: Option<Secret>,
    pub collector_client_secret_file: Option<PathBuf>,
    pub collector_calls_per_minute: Option<u32>,
    pub idle_threshold: Option<f64>,
    pub backfill_days: Option<i64>,
    pub retention_days: Option<i64>,
}

/// The resolved ledger settings.
#[derive(Debug, Clone)]
pub struct LedgerSettings {
    /// Where the SQLite ledger lives when no database URL is set.
    pub data_dir: PathBuf,
    /// A shared PostgreSQL ledger.
    pub database_url: Option<Secret>,
    pub collector: CollectorSwitch,
    /// The collector's own key, when configured.
    pub collector_credentials: Option<Credentials>,
    pub calls_per_minute: u32,
    pub idle_threshold_percent: f64,
    pub backfill_days: i64,
    pub retention_days: i64,
}

/// Merges the ledger's layers.
pub fn resolve_ledger(
    args: &LedgerArgs,
    file: LedgerFileConfig,
) -> Result<LedgerSettings, ConfigError> {
    let bad = |why: &str| Err(ConfigError::BadLedger(why.to_owned()));
    let database_url = pick_secret(
        "RUNBOARD_DATABASE_URL",
        (args.database_url.clone(), args.database_url_file.clone()),
        (file.database_url, file.database_url_file),
    )?;
    if let Some(url) = &database_url
        && !(url.expose().starts_with("postgres://") || url.expose().starts_with("postgresql://"))
    {
        return bad("RUNBOARD_DATABASE_URL must be a postgres:// URL");
    }
    let secret = pick_secret(
        "RUNBOARD_COLLECTOR_CLIENT_SECRET",
        (
            args.collector_client_secret.clone(),
            args.collector_client_secret_file.clone(),
        ),
        (
            file.collector_client_secret,
            file.collector_client_secret_file,
        ),
    )?;
    let id = args
        .collector_client_id
        .clone()
        .or(file.collector_client_id);
    let collector_credentials = match (id, secret) {
        (Some(id), Some(secret)) => Some(Credentials::access_key(id, secret)),
        (None, None) => None,
        _ => {
            return bad(
                "RUNBOARD_COLLECTOR_CLIENT_ID and RUNBOARD_COLLECTOR_CLIENT_SECRET go together",
            );
        }
    };
    let calls_per_minute = args
        .collector_calls_per_minute
        .or(file.collector_calls_per_minute)
        .unwrap_or(120);
    let idle_threshold_percent = args
        .ledger_idle_threshold
        .or(file.idle_threshold)
        .unwrap_or(5.0);
    let backfill_days = args
        .ledger_backfill_days
        .or(file.backfill_days)
        .unwrap_or(7);
    let retention_days = args
        .ledger_retention_days
        .or(file.retention_days)
        .unwrap_or(90);
    if calls_per_minute == 0 {
        return bad("RUNBOARD_COLLECTOR_CALLS_PER_MINUTE must be at least 1");
    }
    if !(idle_threshold_percent > 0.0 && idle_threshold_percent <= 100.0) {
        return bad("RUNBOARD_LEDGER_IDLE_THRESHOLD must be a percentage above 0 and at most 100");
    }
    if !(1..=3650).contains(&retention_days) || !(1..=retention_days).contains(&backfill_days) {
        return bad("RUNBOARD_LEDGER_RETENTION_DAYS must be 1–3650 days and \
             RUNBOARD_LEDGER_BACKFILL_DAYS 1 day up to it");
    }
    Ok(LedgerSettings {
        data_dir: args
            .data_dir
            .clone()
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("runboard-data")),
        database_url,
        collector: args.collector.or(file.collector).unwrap_or_default(),
        collector_credentials,
        calls_per_minute,
        idle_threshold_percent,
        backfill_days,
        retention_days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_sqlite_in_the_data_directory_and_a_modest_budget() {
        let settings = resolve_ledger(&LedgerArgs::default(), LedgerFileConfig::default()).unwrap();
        assert_eq!(settings.data_dir, PathBuf::from("runboard-data"));
        assert!(settings.database_url.is_none());
        assert_eq!(settings.collector, CollectorSwitch::On);
        assert_eq!(
            (settings.calls_per_minute, settings.idle_threshold_percent),
            (120, 5.0)
        );
        assert_eq!((settings.backfill_days, settings.retention_days), (7, 90));
    }

    #[test]
    fn bad_settings_are_refused_and_the_url_never_printed() {
        let with = |args: LedgerArgs| resolve_ledger(&args, LedgerFileConfig::default());
        let half = with(LedgerArgs {
            collector_client_id: Some("svc".into()),
            ..LedgerArgs::default()
        });
        assert!(half.is_err());
        let mysql = with(LedgerArgs {
            database_url: Some(Secret::new("mysql://u:hunter2@db/x")),
            ..LedgerArgs::default()
        })
        .unwrap_err()
        .to_string();
        assert!(!mysql.contains("hunter2"), "{mysql}");
        for threshold in [0.0, -1.0, 101.0, f64::NAN] {
            assert!(
                with(LedgerArgs {
                    ledger_idle_threshold: Some(threshold),
                    ..LedgerArgs::default()
                })
                .is_err()
            );
        }
        let pg = with(LedgerArgs {
            database_url: Some(Secret::new("postgres://u:hunter2@db/x")),
            ..LedgerArgs::default()
        })
        .unwrap();
        assert!(
            !format!("{pg:?}").contains("hunter2"),
            "the settings' Debug hides it"
        );
    }
}
