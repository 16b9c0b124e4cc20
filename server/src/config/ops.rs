//! Operating the server: how hard it leans on Run:ai, where Prometheus scrapes it,
//! and how it logs.

use std::{net::SocketAddr, time::Duration};

use clap::{Args, ValueEnum};
use serde::Deserialize;

use runai::client::{BreakerConfig, ClientConfig};

use super::ConfigError;

/// How log lines are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One human-readable line per event.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// The operations flags and variables.
#[derive(Debug, Default, Clone, Args)]
pub struct OpsArgs {
    /// Log line format: text or json [default: text].
    #[arg(
        long,
        env = "RUNBOARD_LOG_FORMAT",
        value_name = "text|json",
        global = true
    )]
    pub log_format: Option<LogFormat>,

    /// Serve Prometheus metrics at http://HOST:PORT/metrics, apart from the dashboard's
    /// own address so they need not be public [default: off].
    #[arg(
        long,
        env = "RUNBOARD_METRICS_ADDR",
        value_name = "HOST:PORT",
        global = true
    )]
    pub metrics_addr: Option<SocketAddr>,

    /// Run:ai requests in flight at once, across all users; more wait (up to the
    /// timeout) and are then refused [default: 32].
    #[arg(long, env = "RUNAI_MAX_IN_FLIGHT", value_name = "N", global = true)]
    pub runai_max_in_flight: Option<usize>,

    /// After 5 Run:ai failures in a row, answer "upstream unavailable" at once for
    /// this many seconds, then let one call through to test [default: 10].
    #[arg(
        long,
        env = "RUNAI_CIRCUIT_OPEN_SECS",
        value_name = "SECONDS",
        global = true
    )]
    pub runai_circuit_open_secs: Option<u64>,

    /// Milliseconds an identical Run:ai read is answered from the last answer (viewers
    /// of the same view share one call; calls in flight are always shared); keep it
    /// below the shortest auto-refresh period, 5 s; 0 turns it off [default: 4000].
    #[arg(
        long,
        env = "RUNAI_CACHE_MS",
        value_name = "MILLISECONDS",
        global = true
    )]
    pub runai_cache_ms: Option<u64>,

    /// Seconds any one request to the dashboard may take, whole; past it the answer is
    /// 504 and its work is stopped [default: 120].
    #[arg(
        long,
        env = "RUNBOARD_REQUEST_TIMEOUT_SECS",
        value_name = "SECONDS",
        global = true
    )]
    pub request_timeout_secs: Option<u64>,
}

/// The `[ops]` table of the settings file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpsFileConfig {
    pub log_format: Option<LogFormat>,
    pub metrics_addr: Option<SocketAddr>,
    pub runai_max_in_flight: Option<usize>,
    pub runai_circuit_open_secs: Option<u64>,
    pub runai_cache_ms: Option<u64>,
    pub request_timeout_secs: Option<u64>,
}

/// Resolved operations settings.
#[derive(Debug, Clone)]
pub struct OpsSettings {
    pub log_format: LogFormat,
    /// Where `/metrics` is served; `None`: nowhere.
    pub metrics_addr: Option<SocketAddr>,
    /// The longest a request to the dashboard may take, whole.
    pub request_timeout: Duration,
}

/// The whole-request timeout when none is configured: an export of 10,000 rows takes
/// seconds, and Run:ai calls time out well before it.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// How the Run:ai client behaves, for a real control plane and the embedded one alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientTuning {
    /// Per-request timeout.
    pub timeout: Duration,
    /// Requests in flight at once.
    pub max_in_flight: usize,
    /// How long the circuit stays open.
    pub circuit_open: Duration,
    /// How long identical reads share an answer.
    pub cache_ttl: Duration,
}

impl ClientTuning {
    /// A client configuration for `url` with these limits.
    pub fn client_config(&self, url: &str) -> ClientConfig {
        let mut config = ClientConfig::new(url);
        config.timeout = self.timeout;
        config.breaker = BreakerConfig {
            max_in_flight: self.max_in_flight,
            // A call waits for a slot at most as long as it may wait for an answer.
            queue_timeout: self.timeout,
            open_for: self.circuit_open,
            ..BreakerConfig::default()
        };
        config.cache_ttl = self.cache_ttl;
        config
    }
}

/// Merges the operations layers.
pub fn resolve_ops(
    args: &OpsArgs,
    file: OpsFileConfig,
    timeout_secs: u64,
) -> Result<(OpsSettings, ClientTuning), ConfigError> {
    let max_in_flight = args
        .runai_max_in_flight
        .or(file.runai_max_in_flight)
        .unwrap_or(BreakerConfig::default().max_in_flight);
    let request_timeout = args
        .request_timeout_secs
        .or(file.request_timeout_secs)
        .map_or(DEFAULT_REQUEST_TIMEOUT, Duration::from_secs);
    if request_timeout.is_zero() {
        return Err(ConfigError::BadOps(
            "RUNBOARD_REQUEST_TIMEOUT_SECS must be at least 1".to_owned(),
        ));
    }
    if max_in_flight == 0 {
        return Err(ConfigError::BadOps(
            "RUNAI_MAX_IN_FLIGHT must be at least 1".to_owned(),
        ));
    }
    Ok((
        OpsSettings {
            log_format: args.log_format.or(file.log_format).unwrap_or_default(),
            metrics_addr: args.metrics_addr.or(file.metrics_addr),
            request_timeout,
        },
        ClientTuning {
            timeout: Duration::from_secs(timeout_secs),
            max_in_flight,
            circuit_open: args
                .runai_circuit_open_secs
                .or(file.runai_circuit_open_secs)
                .map_or(BreakerConfig::default().open_for, Duration::from_secs),
            cache_ttl: args
                .runai_cache_ms
                .or(file.runai_cache_ms)
                .map_or(ClientConfig::new("").cache_ttl, Duration::from_millis),
        },
    ))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::config::{FileConfig, Settings, SettingsArgs};

    fn resolve(args: SettingsArgs, toml: &str) -> Result<Settings, ConfigError> {
        let file: FileConfig = toml::from_str(toml).unwrap();
        Settings::from_layers(args, file, || PathBuf::from("site"))
    }

    #[test]
    fn defaults_are_text_logs_no_metrics_and_32_calls() {
        let settings = resolve(SettingsArgs::default(), "").unwrap();
        assert_eq!(settings.ops.log_format, LogFormat::Text);
        assert_eq!(settings.ops.metrics_addr, None);
        assert_eq!(settings.client.max_in_flight, 32);
        assert_eq!(settings.client.timeout, Duration::from_secs(15));
        assert_eq!(settings.client.cache_ttl, Duration::from_secs(4));
    }

    #[test]
    fn the_file_sets_ops_and_the_environment_wins() {
        let toml = r#"
            [ops]
            log_format = "json"
            metrics_addr = "127.0.0.1:9464"
            runai_max_in_flight = 8
            runai_circuit_open_secs = 2
            runai_cache_ms = 0
            [runai]
            timeout_secs = 3
        "#;
        let settings = resolve(SettingsArgs::default(), toml).unwrap();
        assert_eq!(settings.ops.log_format, LogFormat::Json);
        assert_eq!(
            settings.ops.metrics_addr,
            Some("127.0.0.1:9464".parse().unwrap())
        );
        // The limits apply to the embedded simulator too (no RUNAI_URL here).
        let config = settings.client.client_config("http://127.0.0.1:1");
        assert_eq!(config.timeout, Duration::from_secs(3));
        assert_eq!(config.breaker.max_in_flight, 8);
        assert_eq!(config.breaker.queue_timeout, Duration::from_secs(3));
        assert_eq!(config.breaker.open_for, Duration::from_secs(2));
        assert_eq!(config.cache_ttl, Duration::ZERO);

        let args = SettingsArgs {
            ops: OpsArgs {
                runai_max_in_flight: Some(2),
                log_format: Some(LogFormat::Text),
                ..Default::default()
            },
            ..Default::default()
        };
        let settings = resolve(args, toml).unwrap();
        assert_eq!(settings.client.max_in_flight, 2);
        assert_eq!(settings.ops.log_format, LogFormat::Text);
    }

    #[test]
    fn zero_calls_in_flight_is_refused_by_name() {
        let err = resolve(SettingsArgs::default(), "[ops]\nrunai_max_in_flight = 0").unwrap_err();
        assert!(err.to_string().contains("RUNAI_MAX_IN_FLIGHT"), "{err}");
    }
}
