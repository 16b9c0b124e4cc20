//! How long a client may take and how many may be connected (`crate::listen`).

use std::time::Duration;

use super::layer::layered;
use crate::listen::ConnectionLimits;

layered! {
    /// The `[connections]` settings: how long a client may take, how many may be
    /// connected.
    #[command(next_help_heading = "Connections")]
    pub struct ConnectionArgs => ConnectionValues {
        /// Seconds a client has to send a request's whole header (the first one counted
        /// from connecting); slower or silent connections are closed. A page's header is a
        /// few hundred bytes, sent at once.
        #[arg(env = "RUNBOARD_HEADER_TIMEOUT_SECS", long, value_name = "SECONDS")]
        header_timeout_secs: u64 = 15; min 1; max 86_400,
        /// Seconds a keep-alive connection with no request in flight stays open, and a
        /// response waits for a client that stopped reading it. Longer than the 60 s that
        /// proxies and load balancers keep an idle connection to a backend, so Runboard
        /// never closes one they are reusing.
        #[arg(env = "RUNBOARD_IDLE_TIMEOUT_SECS", long, value_name = "SECONDS")]
        idle_timeout_secs: u64 = 75; min 1; max 86_400,
        /// Connections open at once; at the cap a new one closes the connection that has
        /// waited longest for a request (never one being answered). Lowered to fit the
        /// process's file limit.
        #[arg(env = "RUNBOARD_MAX_CONNECTIONS", long, value_name = "N")]
        max_connections: usize = 4096; min 1,
    }
}

/// The connection limits `crate::listen` keeps.
pub fn resolve_connections(given: ConnectionValues) -> ConnectionLimits {
    ConnectionLimits {
        header_read_timeout: Duration::from_secs(given.header_timeout_secs),
        idle_timeout: Duration::from_secs(given.idle_timeout_secs),
        max_connections: given.max_connections,
    }
}
