//! Who is on the other end of a request: the client's address, read from the proxies'
//! forwarding headers only when the connection comes from a trusted proxy.

use std::net::IpAddr;

use axum::http::{HeaderMap, header};

use crate::config::TrustedProxies;

/// The client a request comes from, as far as it can be known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr {
    /// The client's address: the TCP peer, or (behind trusted proxies) the right-most
    /// address in the forwarding headers that is not a trusted proxy.
    pub ip: IpAddr,
    /// Whether the TCP peer is a trusted proxy (so headers it sets may be believed).
    pub via_trusted_proxy: bool,
}

impl ClientAddr {
    /// The client of a request that reached us from `peer` with `headers`.
    pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> Self {
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
        for hop in forwarded_hops(headers).iter().rev() {
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

/// The hops the forwarding headers list, nearest last: RFC 7239 `Forwarded` when
/// present, else `X-Forwarded-For`. `None` for a hop that is not an address
/// (`unknown`, an obfuscated name).
fn forwarded_hops(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let values = |name| {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let forwarded = values(header::FORWARDED);
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.trim().split_once('='))
                    .find(|(key, _)| key.trim().eq_ignore_ascii_case("for"))
                    .and_then(|(_, node)| parse_node(node.trim().trim_matches('"')))
            })
            .collect();
    }
    values(header::HeaderName::from_static("x-forwarded-for"))
        .iter()
        .map(|hop| parse_node(hop))
        .collect()
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

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let claimed = headers(&[("x-forwarded-for", "1.1.1.1"), ("forwarded", "for=2.2.2.2")]);
        let client = ClientAddr::resolve(ip("203.0.113.9"), &claimed, &proxies());
        assert_eq!(client.ip, ip("203.0.113.9"));
        assert!(!client.via_trusted_proxy);
    }

    #[test]
    fn behind_trusted_proxies_the_right_most_untrusted_hop_is_the_client() {
        // The client forged the first hop; the proxies appended what they saw.
        let hops = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7, 10.0.0.2")]);
        let client = ClientAddr::resolve(ip("10.0.0.1"), &hops, &proxies());
        assert_eq!(client.ip, ip("198.51.100.7"));
        assert!(client.via_trusted_proxy);
        // Several header lines read as one list.
        let lines = headers(&[
            ("x-forwarded-for", "6.6.6.6"),
            ("x-forwarded-for", "198.51.100.8"),
        ]);
        assert_eq!(
            ClientAddr::resolve(ip("10.0.0.1"), &lines, &proxies()).ip,
            ip("198.51.100.8")
        );
    }

    #[test]
    fn forwarded_wins_and_takes_ports_and_brackets() {
        let hops = headers(&[
            (
                "forwarded",
                r#"for=6.6.6.6, for="[2001:db8::1]:4711";proto=https"#,
            ),
            ("x-forwarded-for", "7.7.7.7"),
        ]);
        assert_eq!(
            ClientAddr::resolve(ip("10.0.0.1"), &hops, &proxies()).ip,
            ip("2001:db8::1")
        );
        let with_port = headers(&[("x-forwarded-for", "198.51.100.7:5555")]);
        assert_eq!(
            ClientAddr::resolve(ip("10.0.0.1"), &with_port, &proxies()).ip,
            ip("198.51.100.7")
        );
    }

    #[test]
    fn garbage_or_no_headers_leave_the_nearest_proxy() {
        let garbage = headers(&[("x-forwarded-for", "6.6.6.6, unknown, 10.0.0.3")]);
        assert_eq!(
            ClientAddr::resolve(ip("10.0.0.1"), &garbage, &proxies()).ip,
            ip("10.0.0.3")
        );
        assert_eq!(
            ClientAddr::resolve(ip("10.0.0.1"), &HeaderMap::new(), &proxies()).ip,
            ip("10.0.0.1")
        );
    }
}
