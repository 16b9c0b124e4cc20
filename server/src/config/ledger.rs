//! The GPU waste ledger: where it is stored, who collects it and how hard.

use std::path::PathBuf;

use clap::ValueEnum;
use ledger::{
    budgets::{Amount, Budget, parse_budgets},
    prices::Prices,
};
use runai::client::Credentials;
use serde::Deserialize;

use super::{
    ConfigError, Secret,
    layer::{List, layered, shown_by_word},
    secret_files::secret,
};

/// Whether this replica runs the ledger's collector.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum CollectorSwitch {
    #[default]
    On,
    Off,
}

/// Whether a queue position counts the pending workloads of projects the viewer cannot
/// see.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum HiddenWorkloads {
    /// Counted (read with the collector's key), never named or linked.
    #[default]
    Count,
    /// Not even counted.
    Off,
}

layered! {
    /// The `[ledger]` settings: where the GPU waste ledger is kept, who collects it.
    #[command(next_help_heading = "GPU waste ledger")]
    pub struct LedgerArgs => LedgerValues {
        /// Directory for Runboard's own data: the ledger's SQLite file when no database URL
        /// is set.
        #[arg(env = "RUNBOARD_DATA_DIR", long, value_name = "DIR")]
        data_dir: PathBuf = PathBuf::from("runboard-data"),
        /// PostgreSQL URL of a ledger shared by replicas (postgres://user:password@host/db).
        /// Prefer the environment or RUNBOARD_DATABASE_URL_FILE: it holds a password
        /// [default: SQLite in the data directory].
        #[arg(env = "RUNBOARD_DATABASE_URL", long, value_name = "URL", hide_env_values = true)]
        database_url: Secret,
        /// A file holding the database URL.
        #[arg(env = "RUNBOARD_DATABASE_URL_FILE", long, value_name = "FILE")]
        database_url_file: PathBuf,
        /// Whether this replica collects the ledger (replicas sharing a database take turns
        /// through a lease).
        #[arg(env = "RUNBOARD_COLLECTOR", long, value_name = "on|off")]
        collector: CollectorSwitch = CollectorSwitch::On,
        /// Access key the collector reads metrics with; it should see every project
        /// [default: in demo mode, the simulator's admin; otherwise none, and no collection].
        #[arg(env = "RUNBOARD_COLLECTOR_CLIENT_ID", long, value_name = "ID")]
        collector_client_id: String,
        /// Its secret (or RUNBOARD_COLLECTOR_CLIENT_SECRET_FILE).
        #[arg(env = "RUNBOARD_COLLECTOR_CLIENT_SECRET", long, value_name = "SECRET",
              hide_env_values = true)]
        collector_client_secret: Secret,
        /// A file holding the collector's secret.
        #[arg(env = "RUNBOARD_COLLECTOR_CLIENT_SECRET_FILE", long, value_name = "FILE")]
        collector_client_secret_file: PathBuf,
        /// Whether a pending workload's queue position counts the workloads of projects
        /// its viewer cannot see (read with the collector's key, and only counted: "and 4
        /// workloads of projects you cannot see"); off for clusters that would rather
        /// not say even that.
        #[arg(env = "RUNBOARD_QUEUE_HIDDEN_WORKLOADS", long, value_name = "count|off")]
        queue_hidden_workloads: HiddenWorkloads = HiddenWorkloads::Count,
        /// Run:ai calls the collector may make per minute, at most.
        #[arg(env = "RUNBOARD_COLLECTOR_CALLS_PER_MINUTE", long, value_name = "N")]
        collector_calls_per_minute: u32 = 120; min 1,
        /// A GPU under this utilization, in percent, counts as idle, in a new ledger (a
        /// ledger keeps the threshold it began with, so its hours are counted alike).
        #[arg(env = "RUNBOARD_LEDGER_IDLE_THRESHOLD", long = "ledger-idle-threshold",
              value_name = "PERCENT")]
        idle_threshold: f64 = 5.0,
        /// Days a new ledger backfills.
        #[arg(env = "RUNBOARD_LEDGER_BACKFILL_DAYS", long = "ledger-backfill-days",
              value_name = "DAYS")]
        backfill_days: i64 = 7; min 1,
        /// Days of hours the ledger keeps (whole UTC days: the day the cut falls in stays).
        #[arg(env = "RUNBOARD_LEDGER_RETENTION_DAYS", long = "ledger-retention-days",
              value_name = "DAYS")]
        retention_days: i64 = 90; min 1; max 3650,
        /// Minutes a running workload's GPUs stay under the idle threshold, after it was
        /// busy, before it counts as stalled (and holding them that long without ever
        /// working counts as never used).
        #[arg(env = "RUNBOARD_STALL_MINUTES", long, value_name = "MINUTES")]
        stall_minutes: i64 = 30; min 5; max 1440,
        /// Submitters the ledger keeps apart from people as service accounts, besides
        /// every submitter that is not an e-mail address (Run:ai names applications by
        /// name): patterns where `*` stands for any run of characters, as in `svc-*`
        /// [default: in demo mode, `svc-*`; otherwise none].
        #[arg(env = "RUNBOARD_SERVICE_ACCOUNTS", long, value_name = "PATTERNS")]
        service_accounts: List,
        /// The price of a GPU-hour by node pool, `pool=price`, `*` for any other pool
        /// (`a100-40gb=2.10,h100-80gb=4.50,*=1.80`); the ledger then shows what GPU time
        /// cost, idle time first [default: none, and no costs shown].
        #[arg(env = "RUNBOARD_GPU_HOUR_PRICES", long, value_name = "POOL=PRICE,…")]
        gpu_hour_prices: List,
        /// The currency of the prices and of money budgets: three letters (USD, EUR).
        #[arg(env = "RUNBOARD_CURRENCY", long, value_name = "CODE")]
        currency: String = "USD".to_owned(),
        /// Monthly budgets by project name: `vision=2000h` in GPU-hours, `nlp=15000` in
        /// money (with prices); the ledger shows each month's use, where it is heading
        /// and when it runs out [default: none].
        #[arg(env = "RUNBOARD_PROJECT_BUDGETS", long, value_name = "PROJECT=AMOUNT,…")]
        project_budgets: List,
    }
    secrets {
        database_url / database_url_file,
        collector_client_secret / collector_client_secret_file,
    }
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
    /// Whether queue positions count what a viewer cannot see.
    pub queue_hidden_workloads: HiddenWorkloads,
    pub calls_per_minute: u32,
    pub idle_threshold_percent: f64,
    pub backfill_days: i64,
    pub retention_days: i64,
    /// Minutes under the idle threshold that make a stall.
    pub stall_minutes: i64,
    /// Patterns of service accounts that look like people's addresses.
    pub service_accounts: Vec<String>,
    /// What a GPU-hour costs by node pool (none set: no costs shown).
    pub prices: Prices,
    /// Monthly budgets by project name.
    pub budgets: Vec<Budget>,
}

/// Checks the ledger's settings.
pub fn resolve_ledger(given: LedgerValues) -> Result<LedgerSettings, ConfigError> {
    let bad = |why: &str| Err(ConfigError::Invalid(why.to_owned()));
    let database_url = secret(
        "RUNBOARD_DATABASE_URL",
        given.database_url,
        given.database_url_file,
    )?;
    if let Some(url) = &database_url
        && !(url.expose().starts_with("postgres://") || url.expose().starts_with("postgresql://"))
    {
        return bad("RUNBOARD_DATABASE_URL must be a postgres:// URL");
    }
    let secret = secret(
        "RUNBOARD_COLLECTOR_CLIENT_SECRET",
        given.collector_client_secret,
        given.collector_client_secret_file,
    )?;
    let collector_credentials = match (given.collector_client_id, secret) {
        (Some(id), Some(secret)) => Some(Credentials::access_key(id, secret)),
        (None, None) => None,
        _ => {
            return bad(
                "RUNBOARD_COLLECTOR_CLIENT_ID and RUNBOARD_COLLECTOR_CLIENT_SECRET go together",
            );
        }
    };
    let calls_per_minute = given.collector_calls_per_minute;
    let idle_threshold_percent = given.idle_threshold;
    let (backfill_days, retention_days) = (given.backfill_days, given.retention_days);
    if !(idle_threshold_percent > 0.0 && idle_threshold_percent <= 100.0) {
        return bad("RUNBOARD_LEDGER_IDLE_THRESHOLD must be a percentage above 0 and at most 100");
    }
    if backfill_days > retention_days {
        return bad("RUNBOARD_LEDGER_BACKFILL_DAYS must be at most RUNBOARD_LEDGER_RETENTION_DAYS");
    }
    let prices = Prices::parse(
        &given.currency,
        &given.gpu_hour_prices.unwrap_or_default().0,
    )
    .map_err(|why| ConfigError::Invalid(format!("RUNBOARD_GPU_HOUR_PRICES: {why}")))?;
    let budgets = parse_budgets(&given.project_budgets.unwrap_or_default().0)
        .map_err(|why| ConfigError::Invalid(format!("RUNBOARD_PROJECT_BUDGETS: {why}")))?;
    if !prices.is_set()
        && let Some(money) = budgets
            .iter()
            .find(|b| matches!(b.amount, Amount::Money(_)))
    {
        return bad(&format!(
            "RUNBOARD_PROJECT_BUDGETS: {}'s budget is in money, which needs RUNBOARD_GPU_HOUR_PRICES (or give it in GPU-hours, as {}h)",
            money.project,
            money.amount.value()
        ));
    }
    Ok(LedgerSettings {
        data_dir: given.data_dir,
        database_url,
        collector: given.collector,
        collector_credentials,
        queue_hidden_workloads: given.queue_hidden_workloads,
        calls_per_minute,
        idle_threshold_percent,
        backfill_days,
        retention_days,
        stall_minutes: given.stall_minutes,
        service_accounts: given.service_accounts.unwrap_or_default().0,
        prices,
        budgets,
    })
}

shown_by_word!(CollectorSwitch, HiddenWorkloads);
