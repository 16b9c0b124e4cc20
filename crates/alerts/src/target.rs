//! Where a rule's messages go, as a person gives it: a Slack-compatible webhook URL, a
//! signed webhook's URL or an e-mail address. A URL is checked as it is given and again
//! as each message is sent: HTTPS (plain HTTP only to a host the operator allows), no
//! address on a private, loopback or link-local network unless the operator allows its
//! host (`RUNBOARD_ALERT_PRIVATE_HOSTS`), so a rule cannot make the server reach what
//! only the server can reach. The sender connects to the addresses it checked, so a
//! name that resolves elsewhere a second later does not get through.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use ledger::alert_rule::Channel;
use reqwest::Url;

/// A destination at most this long.
pub const MAX_TARGET_CHARS: usize = 2_048;

/// Why a destination cannot be used, in words for the person giving it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TargetError(pub String);

/// A checked destination.
#[derive(Clone, PartialEq, Eq)]
pub enum Destination {
    Slack(Url),
    Webhook(Url),
    Email(lettre::Address),
}

/// The destination is itself a secret: it never prints whole.
impl std::fmt::Debug for Destination {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Destination({})", self.shown())
    }
}

/// Which hosts may be on private networks (the operator's own receivers).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrivateHosts(Vec<String>);

impl PrivateHosts {
    /// Hosts (names or addresses, compared without case) allowed on private networks.
    pub fn new(hosts: Vec<String>) -> Self {
        Self(hosts.into_iter().map(|h| h.to_ascii_lowercase()).collect())
    }

    fn allows(&self, host: &str) -> bool {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        self.0.iter().any(|allowed| allowed == host)
    }
}

impl Destination {
    /// Reads what a person gave for `channel`.
    pub fn parse(
        channel: Channel,
        text: &str,
        private: &PrivateHosts,
    ) -> Result<Self, TargetError> {
        let text = text.trim();
        let bad = |why: &str| Err(TargetError(why.to_owned()));
        if text.is_empty() {
            return bad("say where the alerts go");
        }
        if text.chars().count() > MAX_TARGET_CHARS {
            return bad("that is too long for a destination");
        }
        match channel {
            Channel::Email => text
                .parse::<lettre::Address>()
                .map(Destination::Email)
                .map_err(|_| TargetError(format!("“{text}” is not an e-mail address"))),
            Channel::Slack | Channel::Webhook => {
                let url = Url::parse(text)
                    .map_err(|_| TargetError("the webhook is not a URL".to_owned()))?;
                let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
                match url.scheme() {
                    "https" => {}
                    "http" if private.allows(&host) => {}
                    _ => return bad("a webhook's URL starts with https://"),
                }
                if host.is_empty() {
                    return bad("the webhook's URL names no host");
                }
                if let Some(ip) = literal_ip(&host)
                    && !private.allows(&host)
                    && is_private(ip)
                {
                    return bad(PRIVATE_REFUSED);
                }
                Ok(match channel {
                    Channel::Slack => Destination::Slack(url),
                    _ => Destination::Webhook(url),
                })
            }
        }
    }

    /// Its channel.
    pub fn channel(&self) -> Channel {
        match self {
            Destination::Slack(_) => Channel::Slack,
            Destination::Webhook(_) => Channel::Webhook,
            Destination::Email(_) => Channel::Email,
        }
    }

    /// The whole destination, to be sealed.
    pub fn expose(&self) -> String {
        match self {
            Destination::Slack(url) | Destination::Webhook(url) => url.to_string(),
            Destination::Email(address) => address.to_string(),
        }
    }

    /// What may be shown back: an address whole, a URL's host and its last four
    /// characters (`https://hooks.slack.com/…x9Kq`).
    pub fn shown(&self) -> String {
        match self {
            Destination::Email(address) => address.to_string(),
            Destination::Slack(url) | Destination::Webhook(url) => {
                let text = url.as_str().trim_end_matches('/');
                let tail: String = {
                    let chars: Vec<char> = text.chars().collect();
                    chars[chars.len().saturating_sub(4)..].iter().collect()
                };
                format!(
                    "{}://{}/…{tail}",
                    url.scheme(),
                    url.host_str().unwrap_or_default()
                )
            }
        }
    }

    /// Where to connect for a webhook: its host's addresses, each checked as when the
    /// rule was made (a name may resolve differently now).
    pub async fn addresses(
        &self,
        private: &PrivateHosts,
    ) -> Result<(String, Vec<SocketAddr>), TargetError> {
        let (Destination::Slack(url) | Destination::Webhook(url)) = self else {
            return Err(TargetError(
                "an e-mail address has no web address".to_owned(),
            ));
        };
        let host = url.host_str().unwrap_or_default().to_owned();
        let port = url.port_or_known_default().unwrap_or(443);
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let found: Vec<SocketAddr> = tokio::net::lookup_host((bare, port))
            .await
            .map_err(|_| TargetError(format!("the webhook's host {host} is not known")))?
            .collect();
        if found.is_empty() {
            return Err(TargetError(format!(
                "the webhook's host {host} has no address"
            )));
        }
        if !private.allows(&host.to_ascii_lowercase()) && found.iter().any(|a| is_private(a.ip())) {
            return Err(TargetError(PRIVATE_REFUSED.to_owned()));
        }
        Ok((host, found))
    }
}

const PRIVATE_REFUSED: &str = "the webhook's address is on a private or loopback network, which \
                               Runboard does not send to unless its operator allows that host";

fn literal_ip(host: &str) -> Option<IpAddr> {
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .ok()
}

/// Whether `ip` is somewhere only the server can reach: loopback, private, link-local
/// (cloud metadata), carrier-grade NAT, unspecified, broadcast or multicast.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => private_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => private_v4(v4),
            None => private_v6(v6),
        },
    }
}

fn private_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || a == 0
        // 100.64.0.0/10, carrier-grade NAT.
        || (a == 100 && (64..128).contains(&b))
}

fn private_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        // fc00::/7, unique local; fe80::/10, link-local.
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(channel: Channel, text: &str) -> Result<Destination, TargetError> {
        Destination::parse(channel, text, &PrivateHosts::default())
    }

    #[test]
    fn a_webhook_is_shown_by_its_host_and_last_characters_only() {
        let slack = parse(
            Channel::Slack,
            "https://hooks.slack.com/services/T0001/B0002/abcdefghijkl9x2Q",
        )
        .unwrap();
        assert_eq!(slack.shown(), "https://hooks.slack.com/…9x2Q");
        assert!(!format!("{slack:?}").contains("abcdefgh"));
        assert_eq!(slack.channel(), Channel::Slack);
        let mail = parse(Channel::Email, " team@example.com ").unwrap();
        assert_eq!(
            (mail.shown(), mail.expose()),
            ("team@example.com".to_owned(), "team@example.com".to_owned())
        );
    }

    #[test]
    fn private_and_plain_addresses_are_refused_unless_allowed() {
        let said = |channel, text| parse(channel, text).unwrap_err().0;
        for url in [
            "https://127.0.0.1/hook",
            "https://10.1.2.3/hook",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/hook",
            "https://[fd00::1]/hook",
            "https://[::ffff:192.168.0.1]/hook",
            "https://100.100.1.1/hook",
        ] {
            assert!(said(Channel::Webhook, url).contains("private"), "{url}");
        }
        assert!(said(Channel::Webhook, "http://example.com/hook").contains("https://"));
        assert!(said(Channel::Webhook, "ftp://example.com/").contains("https://"));
        assert!(said(Channel::Slack, "not a url").contains("not a URL"));
        assert!(said(Channel::Email, "nobody").contains("not an e-mail address"));
        assert!(said(Channel::Email, "  ").contains("say where"));
        let allowed = PrivateHosts::new(vec!["127.0.0.1".to_owned()]);
        assert!(Destination::parse(Channel::Webhook, "http://127.0.0.1:9/hook", &allowed).is_ok());
        assert!(parse(Channel::Webhook, "https://93.184.215.14/hook").is_ok());
    }

    #[tokio::test]
    async fn a_name_is_checked_again_where_it_resolves() {
        // `localhost` is a name, so it passes as given and is refused where it leads.
        let local = parse(Channel::Webhook, "https://localhost/hook").unwrap();
        let refused = local.addresses(&PrivateHosts::default()).await.unwrap_err();
        assert!(refused.0.contains("private"), "{refused}");
        let allowed = PrivateHosts::new(vec!["LOCALHOST".to_owned()]);
        let (host, found) = local.addresses(&allowed).await.unwrap();
        assert_eq!(host, "localhost");
        assert!(
            found
                .iter()
                .all(|a| a.ip().is_loopback() && a.port() == 443)
        );
    }
}
