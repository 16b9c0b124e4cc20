//! How Runboard is reached: which proxies it believes and which one forwarding header
//! of theirs, which `Host` names it answers to, and how many sessions it keeps in
//! memory.

use std::net::{IpAddr, SocketAddr};

use clap::{Args, ValueEnum};
use ipnet::IpNet;
use serde::Deserialize;

use super::ConfigError;

/// The exposure flags and variables (`runboard --help`).
#[derive(Debug, Default, Clone, Args)]
pub struct ExposureArgs {
    /// Proxies in front of Runboard, as addresses or CIDR ranges, comma-separated
    /// (e.g. `10.0.0.0/8,192.168.1.5`). Only when the connection comes from one of
    /// them is the forwarding header (RUNBOARD_FORWARDED_HEADER) read for the client's
    /// address, and only then is RUNBOARD_GUARD_HEADER believed [default: none].
    #[arg(
        long,
        env = "RUNBOARD_TRUSTED_PROXIES",
        value_name = "CIDR,…",
        global = true
    )]
    pub trusted_proxies: Option<String>,

    /// Host names (optionally `name:port`) the dashboard answers to, comma-separated;
    /// any other `Host` header is refused. Closes DNS rebinding [default: the loopback
    /// names when listening on loopback, else any].
    #[arg(
        long,
        env = "RUNBOARD_ALLOWED_HOSTS",
        value_name = "HOST,…",
        global = true
    )]
    pub allowed_hosts: Option<String>,

    /// The one header the trusted proxies name the client in: `x-forwarded-for` or
    /// `forwarded` (RFC 7239); the other is ignored, so a client cannot pass its own
    /// through a proxy that only appends to the first. Only the hops the trusted
    /// proxies added are believed [default: x-forwarded-for].
    #[arg(
        long,
        env = "RUNBOARD_FORWARDED_HEADER",
        value_name = "x-forwarded-for|forwarded",
        global = true
    )]
    pub forwarded_header: Option<ForwardedHeader>,

    /// Sessions kept in memory at once (without Redis); past it the least recently
    /// used are ended [default: 20000].
    #[arg(
        long,
        env = "RUNBOARD_SESSION_MAX_LIVE",
        value_name = "N",
        global = true
    )]
    pub session_max_live: Option<u64>,
}

/// The `[exposure]` table of the settings file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExposureFileConfig {
    pub trusted_proxies: Option<Vec<String>>,
    pub forwarded_header: Option<ForwardedHeader>,
    pub allowed_hosts: Option<Vec<String>>,
    pub session_max_live: Option<u64>,
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

/// The default cap on sessions in memory: a few tens of MB at most.
pub const DEFAULT_SESSION_MAX_LIVE: u64 = 20_000;

/// The forwarding header the trusted proxies set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum ForwardedHeader {
    /// `X-Forwarded-For: client, proxy1, proxy2` (nginx, most load balancers).
    #[default]
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=client, for=proxy1`.
    Forwarded,
}

/// A trusted proxy that is neither an address nor a CIDR range.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not an address or a CIDR range")]
pub struct NotAProxy(pub String);

/// The proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses `10.0.0.0/8, 192.168.1.5, ::1`: ranges or single addresses.
    pub fn parse<'a>(items: impl IntoIterator<Item = &'a str>) -> Result<Self, NotAProxy> {
        let mut nets = Vec::new();
        for item in items.into_iter().map(str::trim).filter(|i| !i.is_empty()) {
            let net = item
                .parse::<IpNet>()
                .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| NotAProxy(item.to_owned()))?;
            nets.push(net);
        }
        Ok(Self(nets))
    }

    /// Whether no proxy is trusted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `ip` is one of the trusted proxies (an IPv4-mapped IPv6 address counts
    /// as its IPv4 address).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }
}

/// The `Host` names the dashboard answers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHosts(Vec<String>);

impl AllowedHosts {
    /// The configured names, or (when none are) the loopback names for a loopback
    /// listen address; `None`: any host.
    pub fn resolve(configured: &[String], listening: SocketAddr) -> Option<Self> {
        if !configured.is_empty() {
            return Some(Self(
                configured.iter().map(|h| h.to_ascii_lowercase()).collect(),
            ));
        }
        listening.ip().is_loopback().then(|| {
            Self(
                ["localhost", "127.0.0.1", "[::1]"]
                    .map(str::to_owned)
                    .to_vec(),
            )
        })
    }

    /// Whether a request's `Host` header value is allowed: equal to an entry with a
    /// port, or with the same name as an entry without one.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let name = strip_port(&host);
        self.0
            .iter()
            .any(|allowed| *allowed == host || (strip_port(allowed) == allowed && allowed == name))
    }
}

/// `name` of `name:port` (`[v6]` of `[v6]:port`); the whole text when it has no port.
fn strip_port(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.find(']').map_or(host, |end| &host[..end + 2]);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

/// Merges the exposure layers.
pub fn resolve_exposure(
    args: &ExposureArgs,
    file: ExposureFileConfig,
) -> Result<ExposureSettings, ConfigError> {
    let listed = |arg: &Option<String>, file: Option<Vec<String>>| -> Vec<String> {
        match arg {
            Some(text) => text
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            None => file.unwrap_or_default(),
        }
    };
    let proxies = listed(&args.trusted_proxies, file.trusted_proxies);
    let trusted_proxies = TrustedProxies::parse(proxies.iter().map(String::as_str))
        .map_err(|why| ConfigError::BadExposure(format!("RUNBOARD_TRUSTED_PROXIES: {why}")))?;
    let allowed_hosts = listed(&args.allowed_hosts, file.allowed_hosts);
    if let Some(bad) = allowed_hosts
        .iter()
        .find(|h| h.contains(['/', ' ', '@']) || h.is_empty())
    {
        return Err(ConfigError::BadExposure(format!(
            "RUNBOARD_ALLOWED_HOSTS: “{bad}” is not a host name"
        )));
    }
    let session_max_live = args
        .session_max_live
        .or(file.session_max_live)
        .unwrap_or(DEFAULT_SESSION_MAX_LIVE);
    if session_max_live == 0 {
        return Err(ConfigError::BadExposure(
            "RUNBOARD_SESSION_MAX_LIVE must be at least 1".to_owned(),
        ));
    }
    Ok(ExposureSettings {
        trusted_proxies,
        forwarded_header: args
            .forwarded_header
            .or(file.forwarded_header)
            .unwrap_or_default(),
        allowed_hosts,
        session_max_live,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trusted_proxies_are_ranges_or_addresses() {
        let proxies = TrustedProxies::parse(["10.0.0.0/8", " 192.168.1.5 ", "::1"]).unwrap();
        assert!(proxies.contains("10.1.2.3".parse().unwrap()));
        assert!(proxies.contains("192.168.1.5".parse().unwrap()));
        assert!(!proxies.contains("192.168.1.6".parse().unwrap()));
        assert!(proxies.contains("::1".parse().unwrap()));
        assert!(
            proxies.contains("::ffff:10.0.0.1".parse().unwrap()),
            "IPv4-mapped addresses count as IPv4"
        );
        assert!(TrustedProxies::parse(["10.0.0.0/33"]).is_err());
        assert!(TrustedProxies::parse(["proxy.example"]).is_err());
        assert!(TrustedProxies::default().is_empty());
    }

    #[test]
    fn loopback_listeners_answer_only_to_loopback_names() {
        let hosts = AllowedHosts::resolve(&[], "127.0.0.1:3000".parse().unwrap()).unwrap();
        for host in [
            "127.0.0.1:3000",
            "localhost:3000",
            "LOCALHOST",
            "[::1]:3000",
        ] {
            assert!(hosts.allows(host), "{host}");
        }
        for host in [
            "evil.example:3000",
            "127.0.0.1.evil.example",
            "localhost.evil:3000",
        ] {
            assert!(!hosts.allows(host), "{host}");
        }
        assert_eq!(
            AllowedHosts::resolve(&[], "0.0.0.0:3000".parse().unwrap()),
            None,
            "a public listener answers any name unless told"
        );
    }

    #[test]
    fn configured_hosts_match_by_name_or_name_and_port() {
        let hosts = AllowedHosts::resolve(
            &["dash.example".to_owned(), "10.0.0.5:8443".to_owned()],
            "0.0.0.0:3000".parse().unwrap(),
        )
        .unwrap();
        assert!(hosts.allows("dash.example"));
        assert!(hosts.allows("Dash.Example:443"));
        assert!(hosts.allows("10.0.0.5:8443"));
        assert!(!hosts.allows("10.0.0.5:9000"));
        assert!(!hosts.allows("other.example"));
    }
}
