//! A message as e-mail, over the operator's SMTP server: STARTTLS by default (the
//! connection is upgraded before anything is said, or nothing is sent), implicit TLS,
//! or plain for a relay on the same host; a login when configured. The subject is the
//! message's one line; the body names each finding with its link.

use std::time::Duration;

use ledger::store::AlertMessage;
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::header::ContentType,
    transport::smtp::{
        authentication::Credentials,
        client::{Certificate, Tls, TlsParameters},
    },
};
use runai::Secret;

use super::SendError;

/// How a connection to the SMTP server is protected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain, then upgraded with STARTTLS before anything else (required).
    #[default]
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// Never encrypted: only for a relay on the same host or network.
    None,
}

/// The SMTP server e-mail goes through.
#[derive(Clone, Debug)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub username: Option<String>,
    pub password: Option<Secret>,
    /// The sender's address (`Runboard <runboard@example.com>`).
    pub from: lettre::message::Mailbox,
    /// A certificate authority to trust besides the usual ones (PEM), for a server with
    /// an internal certificate.
    pub extra_root_pem: Option<Vec<u8>>,
}

/// The e-mail's plain text.
fn text(message: &AlertMessage, link: &dyn Fn(&str) -> String) -> String {
    let mut text = format!("{}: {}\n\n", message.rule_name, message.watching);
    for finding in &message.findings {
        text.push_str(&format!(
            "- {} (project {}): {}\n  {}\n",
            finding.title,
            finding.project,
            finding.detail,
            link(&finding.link)
        ));
    }
    if message.more > 0 {
        text.push_str(&format!("\nand {} more.\n", message.more));
    }
    text.push_str(&format!("\nYour alert rules: {}\n", link("/alerts")));
    text
}

fn transport(smtp: &SmtpSettings) -> Result<AsyncSmtpTransport<Tokio1Executor>, SendError> {
    let parameters = || {
        let mut builder = TlsParameters::builder(smtp.host.clone());
        if let Some(pem) = &smtp.extra_root_pem {
            let root = Certificate::from_pem(pem).map_err(|_| {
                SendError::refused(
                    "the SMTP certificate authority (RUNBOARD_SMTP_CA_FILE) is not PEM",
                )
            })?;
            builder = builder.add_root_certificate(root);
        }
        builder
            .build_rustls()
            .map_err(|_| SendError::refused("the SMTP server's TLS settings are refused"))
    };
    let tls = match smtp.tls {
        SmtpTls::StartTls => Tls::Required(parameters()?),
        SmtpTls::Tls => Tls::Wrapper(parameters()?),
        SmtpTls::None => Tls::None,
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host)
        .port(smtp.port)
        .tls(tls)
        .timeout(Some(Duration::from_secs(15)));
    if let (Some(user), Some(password)) = (&smtp.username, &smtp.password) {
        builder = builder.credentials(Credentials::new(user.clone(), password.expose().to_owned()));
    }
    Ok(builder.build())
}

/// Whether the connection failed in its TLS handshake: rustls refuses a certificate as
/// invalid data on the connection, below lettre's connection error.
fn refused_tls(err: &lettre::transport::smtp::Error) -> bool {
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        if cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::InvalidData)
        {
            return true;
        }
        source = cause.source();
    }
    false
}

/// Sends `message` to `to`.
pub async fn send(
    smtp: &SmtpSettings,
    to: &lettre::Address,
    message: &AlertMessage,
    link: &(dyn Fn(&str) -> String + Sync),
) -> Result<(), SendError> {
    let email = Message::builder()
        .from(smtp.from.clone())
        .to(lettre::message::Mailbox::new(None, to.clone()))
        .subject(message.summary())
        .header(ContentType::TEXT_PLAIN)
        .body(text(message, link))
        .map_err(|_| SendError::refused("the e-mail could not be written"))?;
    match transport(smtp)?.send(email).await {
        Ok(_) => Ok(()),
        Err(err) if err.is_permanent() => Err(SendError::refused(format!(
            "the SMTP server refused the e-mail{}",
            err.status()
                .map(|code| format!(" ({code})"))
                .unwrap_or_default()
        ))),
        Err(err) if err.is_tls() || refused_tls(&err) => Err(SendError::retry(
            "the SMTP server's TLS failed: its certificate is not trusted, or it offers no \
             STARTTLS (required unless RUNBOARD_SMTP_TLS says otherwise)",
        )),
        Err(_) => Err(SendError::retry(
            "the SMTP server could not be reached or failed",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ledger::store::Finding;

    #[test]
    fn the_text_names_each_finding_with_its_link() {
        let message = AlertMessage {
            rule_id: "r".to_owned(),
            rule_name: "Failures".to_owned(),
            watching: "all workloads that fail".to_owned(),
            findings: vec![Finding {
                subject: "w".to_owned(),
                title: "train".to_owned(),
                project: "nlp".to_owned(),
                detail: "failed: OOMKilled".to_owned(),
                link: "/workloads/w".to_owned(),
            }],
            more: 2,
        };
        let text = text(&message, &|p| format!("https://rb.example{p}"));
        assert!(text.contains(
            "- train (project nlp): failed: OOMKilled\n  https://rb.example/workloads/w"
        ));
        assert!(text.contains("and 2 more."));
        assert!(text.contains("https://rb.example/alerts"));
    }
}
