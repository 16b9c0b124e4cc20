//! Sending one message to one destination: `slack` blocks, a `webhook`'s signed
//! JSON, an `email` over SMTP. A failure says whether trying again may help (the
//! receiver was down or slow) or not (it refused the message, or the destination is not
//! allowed), and never repeats the destination: its words are shown on `/alerts`.

mod email;
mod slack;
mod webhook;

use std::time::Duration;

use ledger::store::AlertMessage;
use runai::Secret;

pub use self::email::{SmtpSettings, SmtpTls};
pub use self::webhook::{SIGNATURE_HEADER, signature};
use crate::target::{Destination, PrivateHosts};

/// How long one try may take.
const SEND_TIMEOUT: Duration = Duration::from_secs(15);

/// Why a try failed, in words without the destination.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    pub message: String,
    /// Whether another try later may succeed.
    pub retry: bool,
}

impl SendError {
    pub(crate) fn retry(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            retry: true,
        }
    }

    pub(crate) fn refused(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            retry: false,
        }
    }
}

/// How messages go out.
#[derive(Clone, Debug)]
pub struct SenderSettings {
    /// The dashboard's address as people reach it, for links (no trailing slash).
    pub public_url: String,
    /// Hosts allowed on private networks.
    pub private_hosts: PrivateHosts,
    /// The key signed webhooks are signed with; none: signed webhooks are not offered.
    pub signing_key: Option<Secret>,
    /// The SMTP server e-mail goes through; none: e-mail is not offered.
    pub smtp: Option<SmtpSettings>,
}

/// Sends messages.
#[derive(Clone, Debug)]
pub struct Sender {
    settings: SenderSettings,
}

impl Sender {
    /// A sender as `settings` say.
    pub fn new(settings: SenderSettings) -> Self {
        Self { settings }
    }

    /// What it was made with.
    pub fn settings(&self) -> &SenderSettings {
        &self.settings
    }

    /// An absolute link to the dashboard's `path`.
    fn link(&self, path: &str) -> String {
        format!("{}{path}", self.settings.public_url.trim_end_matches('/'))
    }

    /// Sends `message` to `destination`, once.
    pub async fn send(
        &self,
        destination: &Destination,
        message: &AlertMessage,
        now_ms: i64,
    ) -> Result<(), SendError> {
        let link = |path: &str| self.link(path);
        match destination {
            Destination::Slack(_) => {
                let body = slack::body(message, &link);
                self.post(destination, body, None).await
            }
            Destination::Webhook(_) => {
                let key = self.settings.signing_key.as_ref().ok_or_else(|| {
                    SendError::refused(
                        "signed webhooks need a signing key (RUNBOARD_ALERT_SIGNING_KEY)",
                    )
                })?;
                let body = webhook::body(message, &link, now_ms);
                let signed = signature(key, now_ms / 1000, &body);
                self.post(destination, body, Some(signed)).await
            }
            Destination::Email(to) => {
                let smtp = self.settings.smtp.as_ref().ok_or_else(|| {
                    SendError::refused("e-mail needs an SMTP server (RUNBOARD_SMTP_SERVER)")
                })?;
                email::send(smtp, to, message, &link).await
            }
        }
    }

    /// Posts `body` as JSON to the webhook, connecting only to the addresses checked.
    async fn post(
        &self,
        destination: &Destination,
        body: String,
        signed: Option<String>,
    ) -> Result<(), SendError> {
        let (host, addresses) = destination
            .addresses(&self.settings.private_hosts)
            .await
            .map_err(|err| SendError::refused(err.0))?;
        let client = reqwest::Client::builder()
            .resolve_to_addrs(&host, &addresses)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(SEND_TIMEOUT)
            .build()
            .map_err(|_| SendError::retry("the webhook client could not start"))?;
        let mut request = client
            .post(destination.expose())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        if let Some(signed) = signed {
            request = request.header(SIGNATURE_HEADER, signed);
        }
        let answer = request.send().await.map_err(|err| {
            // reqwest's words would repeat the URL: only the kind of failure is said.
            let kind = if err.is_timeout() {
                "did not answer in time"
            } else if err.is_connect() {
                "could not be reached"
            } else {
                "failed mid-way"
            };
            SendError::retry(format!("the webhook {kind}"))
        })?;
        let status = answer.status();
        if status.is_success() {
            return Ok(());
        }
        let said = format!("the webhook answered {}", status.as_u16());
        match status.is_server_error() || status.as_u16() == 429 || status.as_u16() == 408 {
            true => Err(SendError::retry(said)),
            false => Err(SendError::refused(said)),
        }
    }
}
