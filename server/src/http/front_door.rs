//! What every request passes first: the `Host` check (one host named once, and one of
//! the allowed names: closing DNS rebinding), the client's address (the forwarding
//! header believed only from trusted proxies), and the refusal of a sign-in proxy's
//! header that did not come from a trusted proxy.

use std::{
    net::{IpAddr, Ipv4Addr, SocketAddr},
    sync::Arc,
};

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderName, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{
    config::{Guard, Settings},
    peer::{ClientAddr, ForwardedHeader, TrustedProxies},
};

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

/// What the front door checks.
#[derive(Debug)]
pub struct FrontDoor {
    allowed_hosts: Option<AllowedHosts>,
    trusted_proxies: TrustedProxies,
    forwarded_header: ForwardedHeader,
    guard_header: Option<HeaderName>,
}

impl FrontDoor {
    /// The checks for `settings`, serving on `listening`.
    pub fn new(settings: &Settings, listening: SocketAddr) -> Self {
        Self {
            allowed_hosts: AllowedHosts::resolve(&settings.exposure.allowed_hosts, listening),
            trusted_proxies: settings.exposure.trusted_proxies.clone(),
            forwarded_header: settings.exposure.forwarded_header,
            guard_header: match &settings.auth.guard {
                Some(Guard::TrustedHeader(name)) => Some(name.clone()),
                _ => None,
            },
        }
    }
}

/// Refuses a request for another host or with a proxy's header from an untrusted peer;
/// otherwise attaches its [`ClientAddr`].
pub async fn front_door(
    State(door): State<Arc<FrontDoor>>,
    mut request: Request,
    next: Next,
) -> Response {
    let host = match named_host(&request) {
        Ok(host) => host,
        Err(why) => {
            tracing::info!(why, "request with an ambiguous host refused");
            return (StatusCode::BAD_REQUEST, why).into_response();
        }
    };
    let path = request.uri().path();
    // Probes come from orchestrators that name the pod by address.
    let probe = matches!(path, "/healthz" | "/readyz");
    if let Some(hosts) = &door.allowed_hosts
        && !probe
        && !hosts.allows(&host)
    {
        tracing::info!(host = %crate::observe::loggable(&host), "request for another host refused");
        return (
            StatusCode::MISDIRECTED_REQUEST,
            "this dashboard does not answer to that host name: open it by the name \
             it is configured for (RUNBOARD_ALLOWED_HOSTS)",
        )
            .into_response();
    }
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
    let client = ClientAddr::resolve(
        peer,
        request.headers(),
        &door.trusted_proxies,
        door.forwarded_header,
    );
    if let Some(name) = &door.guard_header
        && request.headers().contains_key(name)
        && !client.via_trusted_proxy
    {
        tracing::warn!(peer = %peer, "sign-in proxy header from an untrusted address refused");
        return (
            StatusCode::FORBIDDEN,
            "this request carries the sign-in proxy's header but did not come through \
             a trusted proxy: reach the dashboard through its sign-in proxy",
        )
            .into_response();
    }
    request.extensions_mut().insert(client);
    next.run(request).await
}

/// The one host a request names: its `Host` header, or the authority of an
/// absolute-form target. Refused with 400: an HTTP/1.1 request naming no host or two
/// (RFC 9112, 3.2), and — stricter than the RFC, which lets the target win — a target
/// naming another host than the `Host` header, so that no proxy and no check of ours
/// can each read a different host.
fn named_host(request: &Request) -> Result<String, &'static str> {
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let header = hosts.next();
    if hosts.next().is_some() {
        return Err("400 Bad Request: the request names its host twice (two Host headers)");
    }
    let header = match header.map(|v| v.to_str()) {
        Some(Ok(text)) => Some(text.trim()),
        Some(Err(_)) => return Err("400 Bad Request: the Host header is not text"),
        None => None,
    };
    let target = request.uri().authority().map(|a| a.as_str());
    match (header, target) {
        (Some(header), Some(target)) if !header.eq_ignore_ascii_case(target) => {
            Err("400 Bad Request: the request's target names another host than its Host header")
        }
        (Some(host), _) | (None, Some(host)) => Ok(host.to_owned()),
        // HTTP/1.0 may leave it out; HTTP/1.1 must name it.
        (None, None) if request.version() == axum::http::Version::HTTP_10 => Ok(String::new()),
        (None, None) => Err("400 Bad Request: the request names no host (no Host header)"),
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Body;

    use super::*;

    fn request(target: &str, hosts: &[&str]) -> Request {
        let mut builder = Request::get(target);
        for host in hosts {
            builder = builder.header(header::HOST, *host);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn one_host_named_once_is_the_host() {
        assert_eq!(
            named_host(&request("/workloads", &["dash.example"])),
            Ok("dash.example".to_owned())
        );
        assert_eq!(
            named_host(&request("http://DASH.example/workloads", &["dash.example"])),
            Ok("dash.example".to_owned())
        );
        assert_eq!(
            named_host(&request("http://dash.example:3000/x", &[])),
            Ok("dash.example:3000".to_owned())
        );
    }

    #[test]
    fn two_hosts_no_host_or_a_foreign_target_are_refused() {
        let none = named_host(&request("/workloads", &[])).unwrap_err();
        assert!(none.contains("names no host"), "{none}");
        let twice = named_host(&request("/", &["dash.example", "evil.example"])).unwrap_err();
        assert!(
            twice.starts_with("400") && twice.contains("twice"),
            "{twice}"
        );
        let foreign =
            named_host(&request("http://evil.example/workloads", &["dash.example"])).unwrap_err();
        assert!(foreign.contains("another host"), "{foreign}");
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
