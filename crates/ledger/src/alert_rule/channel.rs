//! Where a rule's messages go.

use serde::{Deserialize, Serialize};

/// Where a rule's messages go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// A Slack-compatible incoming webhook (blocks with a link to each workload).
    Slack,
    /// Any HTTPS endpoint, sent JSON signed with an HMAC header.
    #[default]
    Webhook,
    /// An e-mail address, over the configured SMTP server.
    Email,
}

impl Channel {
    /// Every channel, in the form's order.
    pub const ALL: [Channel; 3] = [Channel::Slack, Channel::Webhook, Channel::Email];

    /// Its word in the store and in forms.
    pub fn word(self) -> &'static str {
        match self {
            Channel::Slack => "slack",
            Channel::Webhook => "webhook",
            Channel::Email => "email",
        }
    }

    /// The channel a word names.
    pub fn from_word(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.word() == word)
    }

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Channel::Slack => "Slack webhook",
            Channel::Webhook => "Signed JSON webhook",
            Channel::Email => "E-mail",
        }
    }
}
