//! Who is on the other end of a request: the client's address, read from the one
//! forwarding header the proxies are configured to set, only when the connection comes
//! from a trusted proxy, and from it only the hops that trusted proxies added.

use std::net::IpAddr;

use axum::http::{HeaderMap, header};
use clap::ValueEnum;
use ipnet::IpNet;
use serde::Deserialize;

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

/// The client a request comes from, as far as it can be known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr {
    /// The client's address: the TCP peer, or (behind trusted proxies) the right-most
    /// address in the forwarding header that is not a trusted proxy.
    pub ip: IpAddr,
    /// Whether the TCP peer is a trusted proxy (so headers it sets may be believed).
    pub via_trusted_proxy: bool,
}

impl ClientAddr {
    /// The client of a request that reached us from `peer` with `headers`, whose
    /// trusted proxies name the client in `header`.
    pub fn resolve(
        peer: IpAddr,
        headers: &HeaderMap,
        trusted: &TrustedProxies,
        header: ForwardedHeader,
    ) -> Self {
        let peer = peer.to_canonical();
        if !trusted.contains(peer) {
            return Self {
                ip: peer,
                via_trusted_proxy: false,
            };
        }
        // Walk the hops from the nearest back: each trusted proxy vouches for the hop
        // before it; the first hop that is not a trusted proxy is the client. A hop
        // that is not an address ends the walk at the proxy that wrote it.
        let mut client = peer;
        for hop in forwarded_hops(headers, header).iter().rev() {
            match hop {
                Some(ip) => {
                    client = ip.to_canonical();
                    if !trusted.contains(client) {
                        break;
                    }
                }
                None => break,
            }
        }
        Self {
            ip: client,
            via_trusted_proxy: true,
        }
    }
}

/// The hops `header` lists, nearest last; `None` for a hop that is not an address
/// (`unknown`, an obfuscated name). The other forwarding header is never read: a proxy
/// that appends to one passes the client's own copy of the other through untouched.
fn forwarded_hops(headers: &HeaderMap, header: ForwardedHeader) -> Vec<Option<IpAddr>> {
    let name = match header {
        ForwardedHeader::XForwardedFor => header::HeaderName::from_static("x-forwarded-for"),
        ForwardedHeader::Forwarded => header::FORWARDED,
    };
    let elements = headers
        .get_all(name)
        .iter()
        // A header that is not text ends the walk at the proxy that passed it on.
        .map(|v| v.to_str().unwrap_or("unknown"))
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty());
    match header {
        ForwardedHeader::XForwardedFor => elements.map(parse_node).collect(),
        ForwardedHeader::Forwarded => elements
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.trim().split_once('='))
                    .find(|(key, _)| key.trim().eq_ignore_ascii_case("for"))
                    .and_then(|(_, node)| parse_node(node.trim().trim_matches('"')))
            })
            .collect(),
    }
}

/// An address from `1.2.3.4`, `1.2.3.4:80`, `[::1]`, `[::1]:80` or `::1`.
fn parse_node(node: &str) -> Option<IpAddr> {
    if let Ok(ip) = node.parse() {
        return Some(ip);
    }
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    node.rsplit_once(':')?.0.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    fn proxies() -> TrustedProxies {
        TrustedProxies::parse(["10.0.0.0/8"]).unwrap()
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    const XFF: ForwardedHeader = ForwardedHeader::XForwardedFor;
    const RFC: ForwardedHeader = ForwardedHeader::Forwarded;

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
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let claimed = headers(&[("x-forwarded-for", "1.1.1.1"), ("forwarded", "for=2.2.2.2")]);
        for header in [XFF, RFC] {
            let client = ClientAddr::resolve(ip("203.0.113.9"), &claimed, &proxies(), header);
            assert_eq!(client.ip, ip("203.0.113.9"));
            assert!(!client.via_trusted_proxy);
        }
    }

    #[test]
    fn behind_trusted_proxies_the_right_most_untrusted_hop_is_the_client() {
        // The client forged the first hop; the proxies appended what they saw.
        let hops = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7, 10.0.0.2")]);
        let client = ClientAddr::resolve(ip("10.0.0.1"), &hops, &proxies(), XFF);
        assert_eq!(client.ip, ip("198.51.100.7"));
        assert!(client.via_trusted_proxy);
        // Several header lines read as one list.
        let lines = headers(&[
            ("x-forwarded-for", "6.6.6.6"),
            ("x-forwarded-for", "198.51.100.8"),
        ]);
        assert_eq!(
            ClientAddr::resolve(ip("10.0.0.1"), &lines, &proxies(), XFF).ip,
            ip("198.51.100.8")
        );
    }

    #[test]
    fn a_forged_forwarded_is_ignored_when_the_proxy_appends_to_x_forwarded_for() {
        // nginx's usual setup: it appends the peer to X-Forwarded-For and passes the
        // client's own `Forwarded` through untouched.
        for forged in ["for=6.6.6.6", "for=198.51.100.99", "for=unknown"] {
            let hops = headers(&[("forwarded", forged), ("x-forwarded-for", "198.51.100.7")]);
            assert_eq!(
                ClientAddr::resolve(ip("10.0.0.1"), &hops, &proxies(), XFF).ip,
                ip("198.51.100.7"),
                "{forged}"
            );
        }
    }

    #[test]
    fn a_forged_x_forwarded_for_is_ignored_when_the_proxy_sets_forwarded() {
        for forged in ["6.6.6.6", "198.51.100.99, 10.0.0.7", "unknown"] {
            let hops = headers(&[
                ("x-forwarded-for", forged),
                ("forwarded", "for=198.51.100.7;proto=https"),
            ]);
            assert_eq!(
                ClientAddr::resolve(ip("10.0.0.1"), &hops, &proxies(), RFC).ip,
                ip("198.51.100.7"),
                "{forged}"
            );
        }
        // The client's own `Forwarded` element before the proxy's is not believed.
        let appended = headers(&[("forwarded", "for=6.6.6.6, for=198.51.100.7")]);
        assert_eq!(
            ClientAddr::resolve(ip("10.0.0.1"), &appended, &proxies(), RFC).ip,
            ip("198.51.100.7")
        );
    }

    #[test]
    fn forwarded_takes_ports_and_brackets() {
        let hops = headers(&[(
            "forwarded",
            r#"for=6.6.6.6, for="[2001:db8::1]:4711";proto=https"#,
        )]);
        assert_eq!(
            ClientAddr::resolve(ip("10.0.0.1"), &hops, &proxies(), RFC).ip,
            ip("2001:db8::1")
        );
        let with_port = headers(&[("x-forwarded-for", "198.51.100.7:5555")]);
        assert_eq!(
            ClientAddr::resolve(ip("10.0.0.1"), &with_port, &proxies(), XFF).ip,
            ip("198.51.100.7")
        );
    }

    #[test]
    fn garbage_or_no_headers_leave_the_nearest_proxy() {
        let garbage = headers(&[("x-forwarded-for", "6.6.6.6, unknown, 10.0.0.3")]);
        assert_eq!(
            ClientAddr::resolve(ip("10.0.0.1"), &garbage, &proxies(), XFF).ip,
            ip("10.0.0.3")
        );
        for header in [XFF, RFC] {
            assert_eq!(
                ClientAddr::resolve(ip("10.0.0.1"), &HeaderMap::new(), &proxies(), header).ip,
                ip("10.0.0.1")
            );
        }
    }
}
