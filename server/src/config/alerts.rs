//! Alerts: where links in messages point, which private hosts webhooks may reach, how
//! signed webhooks are signed, the SMTP server e-mail goes through, how often rules are
//! evaluated and how soon a rule speaks again.

use std::path::PathBuf;

use alerts::{
    send::{SenderSettings, SmtpSettings, SmtpTls},
    target::PrivateHosts,
};
use clap::ValueEnum;
use serde::Deserialize;

use super::{
    ConfigError, Secret,
    layer::{List, layered, shown_by_word},
    secret_files::secret,
};

/// How the connection to the SMTP server is protected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTlsWord {
    /// STARTTLS, required before anything is said.
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// Never encrypted: only for a relay on the same host or network.
    None,
}

layered! {
    /// The `[alerts]` settings.
    #[command(next_help_heading = "Alerts")]
    pub struct AlertArgs => AlertValues {
        /// The dashboard's address as people reach it, for the links in alerts
        /// [default: http:// and RUNBOARD_ADDR].
        #[arg(env = "RUNBOARD_PUBLIC_URL", long, value_name = "URL")]
        public_url: String,
        /// Hosts alert webhooks may reach although they are on a private or loopback
        /// network (a receiver inside the cluster), by name or address; no other private
        /// address is ever sent to [default: none].
        #[arg(env = "RUNBOARD_ALERT_PRIVATE_HOSTS", long, value_name = "HOST,…")]
        alert_private_hosts: List,
        /// The key signed JSON webhooks are signed with (HMAC-SHA256, in the
        /// X-Runboard-Signature header); without it, rules cannot use signed webhooks.
        #[arg(env = "RUNBOARD_ALERT_SIGNING_KEY", long, value_name = "KEY", hide_env_values = true)]
        alert_signing_key: Secret,
        /// A file holding the signing key.
        #[arg(env = "RUNBOARD_ALERT_SIGNING_KEY_FILE", long, value_name = "FILE")]
        alert_signing_key_file: PathBuf,
        /// Seconds between two evaluations of every rule.
        #[arg(env = "RUNBOARD_ALERT_EVERY_SECONDS", long, value_name = "SECONDS")]
        alert_every_seconds: u64 = 60; min 1; max 3600,
        /// Minutes a rule stays quiet after a message: what it finds meanwhile goes in
        /// one message when the time is up.
        #[arg(env = "RUNBOARD_ALERT_COOLDOWN_MINUTES", long, value_name = "MINUTES")]
        alert_cooldown_minutes: i64 = 10; min 0; max 1440,
        /// The SMTP server alerts are e-mailed through, `host:port`; without it, rules
        /// cannot e-mail [default: none].
        #[arg(env = "RUNBOARD_SMTP_SERVER", long, value_name = "HOST:PORT")]
        smtp_server: String,
        /// How the SMTP connection is protected.
        #[arg(env = "RUNBOARD_SMTP_TLS", long, value_name = "starttls|tls|none")]
        smtp_tls: SmtpTlsWord = SmtpTlsWord::Starttls,
        /// The SMTP login's user name [default: no login].
        #[arg(env = "RUNBOARD_SMTP_USERNAME", long, value_name = "NAME")]
        smtp_username: String,
        /// The SMTP login's password (or RUNBOARD_SMTP_PASSWORD_FILE).
        #[arg(env = "RUNBOARD_SMTP_PASSWORD", long, value_name = "PASSWORD", hide_env_values = true)]
        smtp_password: Secret,
        /// A file holding the SMTP password.
        #[arg(env = "RUNBOARD_SMTP_PASSWORD_FILE", long, value_name = "FILE")]
        smtp_password_file: PathBuf,
        /// The address alerts are e-mailed from.
        #[arg(env = "RUNBOARD_SMTP_FROM", long, value_name = "ADDRESS")]
        smtp_from: String = "Runboard <runboard@localhost>".to_owned(),
        /// A PEM file of a certificate authority the SMTP server's certificate may come
        /// from, besides the usual ones [default: none].
        #[arg(env = "RUNBOARD_SMTP_CA_FILE", long, value_name = "FILE")]
        smtp_ca_file: PathBuf,
    }
    secrets {
        alert_signing_key / alert_signing_key_file,
        smtp_password / smtp_password_file,
    }
}

/// The resolved alert settings.
#[derive(Debug, Clone)]
pub struct AlertSettings {
    /// How messages go out (the public URL may still be the listening address's).
    pub sender: SenderSettings,
    /// Whether a public URL was given (otherwise the server fills in its address).
    pub public_url_given: bool,
    pub every_seconds: u64,
    pub cooldown_ms: i64,
}

/// Checks the alert settings.
pub fn resolve_alerts(given: AlertValues) -> Result<AlertSettings, ConfigError> {
    let bad = |why: String| ConfigError::Invalid(why);
    let public_url = given.public_url.unwrap_or_default();
    let web = public_url.starts_with("https://") || public_url.starts_with("http://");
    if !(public_url.is_empty() || web) {
        return Err(bad(
            "RUNBOARD_PUBLIC_URL must start with https:// or http://".to_owned(),
        ));
    }
    let signing_key = secret(
        "RUNBOARD_ALERT_SIGNING_KEY",
        given.alert_signing_key,
        given.alert_signing_key_file,
    )?;
    let password = secret(
        "RUNBOARD_SMTP_PASSWORD",
        given.smtp_password,
        given.smtp_password_file,
    )?;
    let smtp = match given.smtp_server {
        None => None,
        Some(server) => {
            let (host, port) = server
                .rsplit_once(':')
                .and_then(|(host, port)| Some((host, port.parse::<u16>().ok()?)))
                .filter(|(host, _)| !host.is_empty())
                .ok_or_else(|| {
                    bad(format!(
                        "RUNBOARD_SMTP_SERVER must be host:port, not “{server}”"
                    ))
                })?;
            let from = given.smtp_from.parse().map_err(|_| {
                bad(format!(
                    "RUNBOARD_SMTP_FROM is not an address: “{}”",
                    given.smtp_from
                ))
            })?;
            let extra_root_pem = match given.smtp_ca_file {
                Some(path) => Some(std::fs::read(&path).map_err(|err| {
                    bad(format!("RUNBOARD_SMTP_CA_FILE {}: {err}", path.display()))
                })?),
                None => None,
            };
            Some(SmtpSettings {
                host: host
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .to_owned(),
                port,
                tls: match given.smtp_tls {
                    SmtpTlsWord::Starttls => SmtpTls::StartTls,
                    SmtpTlsWord::Tls => SmtpTls::Tls,
                    SmtpTlsWord::None => SmtpTls::None,
                },
                username: given.smtp_username,
                password,
                from,
                extra_root_pem,
            })
        }
    };
    Ok(AlertSettings {
        public_url_given: !public_url.is_empty(),
        sender: SenderSettings {
            public_url: public_url.trim_end_matches('/').to_owned(),
            private_hosts: PrivateHosts::new(given.alert_private_hosts.unwrap_or_default().0),
            signing_key,
            smtp,
        },
        every_seconds: given.alert_every_seconds,
        cooldown_ms: given.alert_cooldown_minutes * 60_000,
    })
}

shown_by_word!(SmtpTlsWord);
