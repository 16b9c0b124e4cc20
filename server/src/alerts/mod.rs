//! The alert evaluator: on the replica holding the ledger's lease, every
//! `RUNBOARD_ALERT_EVERY_SECONDS` it finds what holds for each rule ([`findings`]),
//! files episodes (one per rule and subject until it clears), queues a message for the
//! episodes not yet told unless the rule spoke within its cooldown (then what it found
//! meanwhile goes in one message when the time is up), and sends what is due (the
//! outbox retries with backoff). A rule whose owner has not signed in since rules began
//! keeping scopes, or not for 30 days, pauses. Replicas that lose or gain the lease
//! hand over through the store: episodes and queued messages are shared, so nothing is
//! told twice.

mod estimate_findings;
pub mod findings;
mod project_findings;

use std::{
    collections::{HashMap, HashSet},
    time::Duration,
};

use alerts::outbox::Outbox;
use ledger::{
    LedgerError,
    budgets::Budget,
    collector::{Clock, Leader},
    prices::Prices,
    store::{
        AlertMessage, AlertRule, EPISODES_KEPT_MS, MAX_FINDINGS_PER_MESSAGE, OwnerScope, Store,
    },
};
use runai::client::{Credentials, RunaiClient};

use self::findings::{Lists, Reader};

/// What rules are judged by.
#[derive(Clone, Debug)]
pub struct Terms {
    /// How long a rule stays quiet after a message.
    pub cooldown_ms: i64,
    /// Monthly budgets (the budget rule) and prices (budgets in money).
    pub budgets: Vec<Budget>,
    pub prices: Prices,
}

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pass {
    /// Whether this replica held the lease.
    pub leading: bool,
    pub rules: usize,
    pub opened: usize,
    pub queued: usize,
    pub sent: usize,
    pub failed: usize,
}

/// The evaluator of one replica.
pub struct Evaluator {
    pub client: RunaiClient,
    pub credentials: Credentials,
    pub store: Store,
    pub leader: Leader,
    pub outbox: Outbox,
    pub terms: Terms,
    pub clock: Clock,
}

impl Evaluator {
    /// Runs a pass every `every` until `stop` completes.
    pub async fn run_until(self, every: Duration, stop: impl Future<Output = ()>) {
        let run = async {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                if let Err(err) = self.pass().await {
                    tracing::warn!("alert evaluation paused until the next pass: {err}");
                }
            }
        };
        tokio::select! {
            () = run => {}
            () = stop => {}
        }
    }

    /// One pass over every rule, then the messages due.
    pub async fn pass(&self) -> Result<Pass, LedgerError> {
        let now = (self.clock)();
        let mut pass = Pass::default();
        if !self.leader.leads(now).await? {
            return Ok(pass);
        }
        pass.leading = true;
        let reader = Reader {
            client: &self.client,
            credentials: &self.credentials,
            budget: self.leader.budget(),
            store: &self.store,
            terms: &self.terms,
        };
        let mut lists = Lists::default();
        let mut scopes: HashMap<String, Option<OwnerScope>> = HashMap::new();
        for rule in self.store.every_alert_rule().await? {
            // The lease is renewed rule by rule: a replica that lost it stops here.
            if !self.leader.leads((self.clock)()).await? {
                pass.leading = false;
                return Ok(pass);
            }
            if !scopes.contains_key(&rule.owner) {
                let scope = self.store.owner_scope(&rule.owner).await?;
                scopes.insert(rule.owner.clone(), scope);
            }
            let Some(scope) = scopes[&rule.owner].as_ref().filter(|s| !s.away(now)) else {
                continue;
            };
            let visible: HashSet<String> = scope.projects.iter().cloned().collect();
            let found = match reader
                .findings(&mut lists, &rule.condition, rule.updated_ms, &visible, now)
                .await
            {
                Ok(found) => found,
                Err(err) => {
                    // One rule that cannot be read does not stop the others.
                    tracing::warn!(rule = %rule.id, "an alert rule was not evaluated: {err}");
                    continue;
                }
            };
            pass.rules += 1;
            pass.opened += self
                .store
                .file_findings(&rule.id, &found, now)
                .await?
                .opened;
            pass.queued +=
                usize::from(tell(&self.store, &rule, self.terms.cooldown_ms, now).await?);
        }
        self.store
            .forget_alerts_before(now - EPISODES_KEPT_MS)
            .await?;
        let sent = self.outbox.send_due((self.clock)()).await?;
        (pass.sent, pass.failed) = (sent.sent, sent.failed);
        Ok(pass)
    }
}

/// Queues one message for `rule`'s episodes not yet told, unless it spoke within
/// `cooldown_ms` of `now`; whether it queued one. The message names the first
/// [`MAX_FINDINGS_PER_MESSAGE`] findings and counts the rest, however many fired since.
pub async fn tell(
    store: &Store,
    rule: &AlertRule,
    cooldown_ms: i64,
    now: i64,
) -> Result<bool, LedgerError> {
    let untold: Vec<_> = store
        .open_episodes(&rule.id)
        .await?
        .into_iter()
        .filter(|e| e.notified_ms == 0)
        .collect();
    if untold.is_empty() {
        return Ok(false);
    }
    if let Some(last) = store.last_queued_ms(&rule.id).await?
        && now < last + cooldown_ms
    {
        return Ok(false);
    }
    let subjects: Vec<String> = untold.iter().map(|e| e.finding.subject.clone()).collect();
    let message = AlertMessage {
        rule_id: rule.id.clone(),
        rule_name: rule.name.clone(),
        watching: rule.condition.describe(),
        more: untold.len().saturating_sub(MAX_FINDINGS_PER_MESSAGE),
        findings: untold
            .into_iter()
            .take(MAX_FINDINGS_PER_MESSAGE)
            .map(|e| e.finding)
            .collect(),
    };
    store.queue_message(&message, &subjects, now).await?;
    Ok(true)
}

#[cfg(test)]
mod tests;
