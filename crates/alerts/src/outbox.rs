//! The outbox: sends the messages the evaluator queued, on the replica holding the
//! ledger's lease. Each message is claimed for [`CLAIM_MS`] before it is tried, so two
//! replicas never try one at once; a try that may succeed later is due again after a
//! growing pause ([`RETRY_AFTER_MS`]), and given up after the last; `/alerts` shows
//! where each message is and why its last try failed.

use ledger::{LedgerError, store::Store};

use crate::{
    seal::Sealer,
    send::{SendError, Sender},
    target::Destination,
};

/// How long a try holds its message.
pub const CLAIM_MS: i64 = 2 * 60_000;
/// Pauses before the second, third… try; after the last, the message is given up.
pub const RETRY_AFTER_MS: [i64; 5] = [60_000, 2 * 60_000, 4 * 60_000, 8 * 60_000, 16 * 60_000];
/// Messages tried in one pass, at most.
const DUE_PER_PASS: i64 = 50;

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub failed: usize,
}

/// The messages waiting in the store, and how they go.
#[derive(Clone, Debug)]
pub struct Outbox {
    store: Store,
    sealer: Sealer,
    sender: Sender,
}

impl Outbox {
    /// Sends what `store` holds with `sender`, opening destinations with `sealer`.
    pub fn new(store: Store, sealer: Sealer, sender: Sender) -> Self {
        Self {
            store,
            sealer,
            sender,
        }
    }

    /// Tries every message due at `now_ms`.
    pub async fn send_due(&self, now_ms: i64) -> Result<Pass, LedgerError> {
        let mut pass = Pass::default();
        for delivery in self.store.due_deliveries(now_ms, DUE_PER_PASS).await? {
            if !self
                .store
                .claim_delivery(&delivery.id, now_ms, now_ms + CLAIM_MS)
                .await?
            {
                continue;
            }
            let tries = delivery.attempts + 1;
            let tried = match self.destination(&delivery.rule_id).await? {
                Ok(destination) => {
                    self.sender
                        .send(&destination, &delivery.message, now_ms)
                        .await
                }
                Err(err) => Err(err),
            };
            match tried {
                Ok(()) => {
                    self.store.delivery_sent(&delivery.id, now_ms).await?;
                    pass.sent += 1;
                }
                Err(err) => {
                    let retry_ms = usize::try_from(tries - 1)
                        .ok()
                        .and_then(|i| RETRY_AFTER_MS.get(i))
                        .filter(|_| err.retry)
                        .map(|pause| now_ms + pause);
                    tracing::warn!(
                        rule = %delivery.rule_id,
                        tries,
                        again = retry_ms.is_some(),
                        "an alert was not delivered: {err}"
                    );
                    self.store
                        .delivery_failed(&delivery.id, &err.message, retry_ms)
                        .await?;
                    pass.failed += 1;
                }
            }
        }
        Ok(pass)
    }

    /// Where rule `rule_id`'s messages go, or why they cannot.
    async fn destination(
        &self,
        rule_id: &str,
    ) -> Result<Result<Destination, SendError>, LedgerError> {
        let Some(rule) = self.store.alert_rule(rule_id).await? else {
            return Ok(Err(SendError::refused("its rule was deleted")));
        };
        let Some(plain) = self.sealer.open(&rule.target.sealed) else {
            return Ok(Err(SendError::refused(
                "the destination was sealed under another key (RUNBOARD_SESSION_KEY changed): \
                 give it again on the rule",
            )));
        };
        let plain = String::from_utf8_lossy(&plain).into_owned();
        Ok(Destination::parse(
            rule.target.channel,
            &plain,
            &self.sender.settings().private_hosts,
        )
        .map_err(|err| SendError::refused(err.0)))
    }
}
