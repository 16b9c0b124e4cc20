//! How Runboard is reached: which proxies it believes and which one forwarding header
//! of theirs, which `Host` names it answers to, and how many sessions it keeps in
//! memory.

use super::{
    ConfigError,
    layer::{List, layered, shown_by_word},
};
use crate::peer::{ForwardedHeader, TrustedProxies};

layered! {
    /// The `[exposure]` settings: proxies, host names, sessions in memory.
    #[command(next_help_heading = "Exposure")]
    pub struct ExposureArgs => ExposureValues {
        /// Proxies in front of Runboard, as addresses or CIDR ranges, comma-separated
        /// (e.g. `10.0.0.0/8,192.168.1.5`). Only when the connection comes from one of
        /// them is the forwarding header (RUNBOARD_FORWARDED_HEADER) read for the client's
        /// address, and only then is RUNBOARD_GUARD_HEADER believed [default: none].
        #[arg(env = "RUNBOARD_TRUSTED_PROXIES", long, value_name = "CIDR,…")]
        trusted_proxies: List,
        /// The one header the trusted proxies name the client in: `x-forwarded-for` or
        /// `forwarded` (RFC 7239); the other is ignored, so a client cannot pass its own
        /// through a proxy that only appends to the first. Only the hops the trusted
        /// proxies added are believed.
        #[arg(env = "RUNBOARD_FORWARDED_HEADER", long, value_name = "x-forwarded-for|forwarded")]
        forwarded_header: ForwardedHeader = ForwardedHeader::XForwardedFor,
        /// Host names (optionally `name:port`) the dashboard answers to, comma-separated;
        /// any other `Host` header is refused. Closes DNS rebinding [default: the loopback
        /// names when listening on loopback, else any].
        #[arg(env = "RUNBOARD_ALLOWED_HOSTS", long, value_name = "HOST,…")]
        allowed_hosts: List,
        /// Sessions kept in memory at once (without Redis); past it the least recently
        /// used are ended.
        #[arg(env = "RUNBOARD_SESSION_MAX_LIVE", long, value_name = "N")]
        session_max_live: u64 = 20_000; min 1,
    }
}

/// Resolved exposure settings.
#[derive(Debug, Clone, Default)]
pub struct ExposureSettings {
    pub trusted_proxies: TrustedProxies,
    /// The header the trusted proxies name the client in.
    pub forwarded_header: ForwardedHeader,
    /// Configured `Host` names; empty: the default for the listen address.
    pub allowed_hosts: Vec<String>,
    /// The most sessions kept in memory.
    pub session_max_live: u64,
}

/// Checks the exposure settings.
pub fn resolve_exposure(exposure: ExposureValues) -> Result<ExposureSettings, ConfigError> {
    let proxies = exposure.trusted_proxies.unwrap_or_default().0;
    let trusted_proxies = TrustedProxies::parse(proxies.iter().map(String::as_str))
        .map_err(|why| ConfigError::Invalid(format!("RUNBOARD_TRUSTED_PROXIES: {why}")))?;
    let allowed_hosts = exposure.allowed_hosts.unwrap_or_default().0;
    if let Some(bad) = allowed_hosts
        .iter()
        .find(|h| h.contains(['/', ' ', '@']) || h.is_empty())
    {
        return Err(ConfigError::Invalid(format!(
            "RUNBOARD_ALLOWED_HOSTS: “{bad}” is not a host name"
        )));
    }
    Ok(ExposureSettings {
        trusted_proxies,
        forwarded_header: exposure.forwarded_header,
        allowed_hosts,
        session_max_live: exposure.session_max_live,
    })
}

shown_by_word!(ForwardedHeader);
