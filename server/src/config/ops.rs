//! Operating the server: how hard it leans on Run:ai, where Prometheus scrapes it,
//! and how it logs.

use std::{net::SocketAddr, time::Duration};

use clap::ValueEnum;
use serde::Deserialize;

use runai::client::{BreakerConfig, ClientConfig};

use super::layer::{layered, shown_by_word};

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

layered! {
    /// The `[ops]` settings: logs, metrics, how hard Runboard leans on Run:ai.
    #[command(next_help_heading = "Operations")]
    pub struct OpsArgs => OpsSettings {
        /// Log line format: text or json (one object per line, for log collectors).
        #[arg(env = "RUNBOARD_LOG_FORMAT", long, value_name = "text|json")]
        log_format: LogFormat = LogFormat::Text,
        /// Serve Prometheus metrics at http://HOST:PORT/metrics, apart from the dashboard's
        /// own address so they need not be public [default: off].
        #[arg(env = "RUNBOARD_METRICS_ADDR", long, value_name = "HOST:PORT")]
        metrics_addr: SocketAddr,
        /// Run:ai requests in flight at once, across all users; more wait (up to the
        /// timeout) and are then refused.
        #[arg(env = "RUNAI_MAX_IN_FLIGHT", long, value_name = "N")]
        runai_max_in_flight: usize = BreakerConfig::default().max_in_flight; min 1,
        /// After 5 Run:ai failures in a row, answer "upstream unavailable" at once for
        /// this many seconds, then let one call through to test.
        #[arg(env = "RUNAI_CIRCUIT_OPEN_SECS", long, value_name = "SECONDS")]
        runai_circuit_open_secs: u64 = BreakerConfig::default().open_for.as_secs(),
        /// Milliseconds an identical Run:ai read is answered from the last answer (viewers
        /// of the same view share one call; calls in flight are always shared); keep it
        /// below the shortest auto-refresh period, 5 s; 0 turns it off.
        #[arg(env = "RUNAI_CACHE_MS", long, value_name = "MILLISECONDS")]
        runai_cache_ms: u64 = ClientConfig::new("").cache_ttl.as_secs() * 1000,
        /// Seconds any one request to the dashboard may take, whole; past it the answer is
        /// 504 and its work is stopped (an export of 10,000 rows takes seconds, and Run:ai
        /// calls time out well before it).
        #[arg(env = "RUNBOARD_REQUEST_TIMEOUT_SECS", long, value_name = "SECONDS")]
        request_timeout_secs: u64 = 120; min 1,
    }
}

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

/// How the Run:ai client behaves under `ops`; `timeout_secs` is Run:ai's per-request
/// timeout.
pub fn client_tuning(ops: &OpsSettings, timeout_secs: u64) -> ClientTuning {
    ClientTuning {
        timeout: Duration::from_secs(timeout_secs),
        max_in_flight: ops.runai_max_in_flight,
        circuit_open: Duration::from_secs(ops.runai_circuit_open_secs),
        cache_ttl: Duration::from_millis(ops.runai_cache_ms),
    }
}

shown_by_word!(LogFormat);
