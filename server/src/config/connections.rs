//! How long a client may take and how many may be connected (`crate::listen`).

use std::time::Duration;

use clap::Args;
use serde::Deserialize;

use super::ConfigError;
use crate::listen::ConnectionLimits;

/// The header timeout when none is configured: a page's header is a few hundred bytes,
/// sent at once.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(15);
/// The keep-alive idle timeout when none is configured: longer than the 60 s that
/// proxies and load balancers (nginx's upstream keep-alive, cloud load balancers) keep
/// an idle connection to a backend, so the backend never closes one they are reusing.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(75);
/// The longest header or idle timeout: a day.
const MAX_TIMEOUT_SECS: u64 = 86_400;
/// Connections open at once when not configured (and the file limit allows): a page
/// load opens at most six.
pub const DEFAULT_MAX_CONNECTIONS: usize = 4096;

/// The connection flags and variables (`runboard --help`).
#[derive(Debug, Default, Clone, Args)]
pub struct ConnectionArgs {
    /// Seconds a client has to send a request's whole header (the first one counted
    /// from connecting); slower or silent connections are closed [default: 15].
    #[arg(
        long,
        env = "RUNBOARD_HEADER_TIMEOUT_SECS",
        value_name = "SECONDS",
        global = true
    )]
    pub header_timeout_secs: Option<u64>,

    /// Seconds a keep-alive connection with no request in flight stays open, and a
    /// response waits for a client that stopped reading it [default: 75].
    #[arg(
        long,
        env = "RUNBOARD_IDLE_TIMEOUT_SECS",
        value_name = "SECONDS",
        global = true
    )]
    pub idle_timeout_secs: Option<u64>,

    /// Connections open at once; at the cap a new one closes the connection that has
    /// waited longest for a request (never one being answered). Lowered to fit the
    /// process's file limit [default: 4096].
    #[arg(
        long,
        env = "RUNBOARD_MAX_CONNECTIONS",
        value_name = "N",
        global = true
    )]
    pub max_connections: Option<usize>,
}

/// The `[connections]` table of the settings file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectionFileConfig {
    pub header_timeout_secs: Option<u64>,
    pub idle_timeout_secs: Option<u64>,
    pub max_connections: Option<usize>,
}

/// Merges the connection layers.
pub fn resolve_connections(
    args: &ConnectionArgs,
    file: ConnectionFileConfig,
) -> Result<ConnectionLimits, ConfigError> {
    // At most a day: a deadline is an instant that far ahead, which must not overflow.
    let seconds =
        |name: &str, arg: Option<u64>, file: Option<u64>, default: Duration| match arg.or(file) {
            Some(secs @ 1..=MAX_TIMEOUT_SECS) => Ok(Duration::from_secs(secs)),
            Some(_) => Err(ConfigError::BadConnections(format!(
                "{name} must be 1–{MAX_TIMEOUT_SECS} seconds"
            ))),
            None => Ok(default),
        };
    let max_connections = args
        .max_connections
        .or(file.max_connections)
        .unwrap_or(DEFAULT_MAX_CONNECTIONS);
    if max_connections == 0 {
        return Err(ConfigError::BadConnections(
            "RUNBOARD_MAX_CONNECTIONS must be at least 1".to_owned(),
        ));
    }
    Ok(ConnectionLimits {
        header_read_timeout: seconds(
            "RUNBOARD_HEADER_TIMEOUT_SECS",
            args.header_timeout_secs,
            file.header_timeout_secs,
            DEFAULT_HEADER_TIMEOUT,
        )?,
        idle_timeout: seconds(
            "RUNBOARD_IDLE_TIMEOUT_SECS",
            args.idle_timeout_secs,
            file.idle_timeout_secs,
            DEFAULT_IDLE_TIMEOUT,
        )?,
        max_connections,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_then_the_file_then_flags() {
        let defaults =
            resolve_connections(&ConnectionArgs::default(), ConnectionFileConfig::default())
                .unwrap();
        assert_eq!(
            defaults,
            ConnectionLimits {
                header_read_timeout: Duration::from_secs(15),
                idle_timeout: Duration::from_secs(75),
                max_connections: 4096,
            }
        );
        let file: ConnectionFileConfig =
            toml::from_str("header_timeout_secs = 5\nmax_connections = 100").unwrap();
        let args = ConnectionArgs {
            max_connections: Some(50),
            ..Default::default()
        };
        let limits = resolve_connections(&args, file).unwrap();
        assert_eq!(limits.header_read_timeout, Duration::from_secs(5));
        assert_eq!(limits.max_connections, 50);
    }

    #[test]
    fn zero_or_beyond_a_day_is_refused_by_name() {
        for (args, name) in [
            (
                ConnectionArgs {
                    header_timeout_secs: Some(0),
                    ..Default::default()
                },
                "RUNBOARD_HEADER_TIMEOUT_SECS",
            ),
            (
                ConnectionArgs {
                    idle_timeout_secs: Some(0),
                    ..Default::default()
                },
                "RUNBOARD_IDLE_TIMEOUT_SECS",
            ),
            (
                ConnectionArgs {
                    idle_timeout_secs: Some(u64::MAX),
                    ..Default::default()
                },
                "RUNBOARD_IDLE_TIMEOUT_SECS",
            ),
            (
                ConnectionArgs {
                    max_connections: Some(0),
                    ..Default::default()
                },
                "RUNBOARD_MAX_CONNECTIONS",
            ),
        ] {
            let err = resolve_connections(&args, ConnectionFileConfig::default()).unwrap_err();
            assert!(err.to_string().contains(name), "{err}");
        }
    }
}
