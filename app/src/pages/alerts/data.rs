//! The alerts page's server functions: the rules the caller sees with their last firing
//! and latest messages, make a rule, change one, delete one. Each change takes the
//! plain form the page posts, so they work before any script; a refused one answers
//! with a page that says why.

// A rule's plain form posts its fields flat, one argument each (the server function
// macro also writes the browser's caller, where an item's own `allow` does not reach).
#![allow(clippy::too_many_arguments)]

use ledger::alert_rule::{Channel, Condition, ConditionKind};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Messages listed per rule, the newest first.
pub const DELIVERIES_SHOWN: i64 = 5;

/// A message as the page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageLine {
    pub queued_ms: i64,
    pub summary: String,
    /// "sent", "waiting to be sent", "will try again", "gave up".
    pub state: String,
    pub tries: i64,
    /// Why the last try failed.
    pub error: String,
    /// When it is tried again, if it will be.
    pub retry_ms: Option<i64>,
}

/// A rule as the page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleLine {
    pub id: String,
    pub name: String,
    /// What it watches for, in words, and as kept (for the change form).
    pub watching: String,
    pub condition: Condition,
    /// The channel, its name, and the part of the destination shown back.
    pub channel_kind: Channel,
    pub channel: String,
    pub destination: String,
    pub shared: bool,
    pub owner: String,
    pub may_change: bool,
    /// Why it is not evaluated, if it is not.
    pub paused: Option<String>,
    /// When it last found something.
    pub last_firing_ms: Option<i64>,
    /// What holds now (open episodes).
    pub holding: usize,
    pub messages: Vec<MessageLine>,
}

/// A channel as the form offers it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChannelChoice {
    pub channel: Channel,
    /// Why it cannot be chosen here, if it cannot.
    pub unavailable: Option<String>,
}

/// The page's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlertsAnswer {
    pub rules: Vec<RuleLine>,
    pub channels: Vec<ChannelChoice>,
    pub at_ms: i64,
}

/// A checkbox's value when ticked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ticked {
    #[serde(rename = "on")]
    On,
}

/// The rules the caller sees (shared first, then their own), and the channels offered.
#[server(endpoint = "alerts")]
pub async fn get_alerts() -> Result<AlertsAnswer, AppError> {
    let (source, caller, admin) = acting()?;
    let now = now_ms();
    let store = source.store()?;
    let rules = store.alert_rules(&caller.principal).await?;
    let mut lines = Vec::with_capacity(rules.len());
    for rule in rules {
        let paused = paused(store.owner_scope(&rule.owner).await?.as_ref(), now);
        let messages = store
            .rule_deliveries(&rule.id, DELIVERIES_SHOWN)
            .await?
            .into_iter()
            .map(message_line)
            .collect();
        lines.push(RuleLine {
            may_change: rule.owner == caller.principal || (admin && rule.shared),
            watching: rule.condition.describe(),
            condition: rule.condition.clone(),
            channel_kind: rule.target.channel,
            channel: rule.target.channel.label().to_owned(),
            destination: rule.target.shown.clone(),
            last_firing_ms: store.last_firing_ms(&rule.id).await?,
            holding: store.open_episodes(&rule.id).await?.len(),
            paused,
            messages,
            id: rule.id,
            name: rule.name,
            shared: rule.shared,
            owner: rule.owner,
        });
    }
    let channels = Channel::ALL
        .into_iter()
        .map(|channel| ChannelChoice {
            channel,
            unavailable: source.offered().refusal(channel).map(str::to_owned),
        })
        .collect();
    Ok(AlertsAnswer {
        rules: lines,
        channels,
        at_ms: now,
    })
}

/// Why a rule whose owner's scope is `scope` does not run at `now`, if it does not.
#[cfg(feature = "ssr")]
fn paused(scope: Option<&ledger::store::OwnerScope>, now: i64) -> Option<String> {
    match scope {
        None => Some("paused until its owner signs in again".to_owned()),
        Some(scope) if scope.away(now) => Some(
            "paused: its owner has not signed in for 30 days (it resumes when they do)".to_owned(),
        ),
        Some(_) => None,
    }
}

#[cfg(feature = "ssr")]
fn message_line(delivery: ledger::store::Delivery) -> MessageLine {
    use ledger::store::DeliveryState;
    let (state, retry_ms) = match delivery.state {
        DeliveryState::Sent => ("sent", None),
        DeliveryState::Failed => ("gave up", None),
        DeliveryState::Pending if delivery.last_error.is_empty() => ("waiting to be sent", None),
        DeliveryState::Pending => ("will try again", Some(delivery.next_ms)),
    };
    MessageLine {
        queued_ms: delivery.created_ms,
        summary: delivery.summary,
        state: state.to_owned(),
        tries: delivery.attempts,
        error: delivery.last_error,
        retry_ms,
    }
}

/// Makes a rule: `kind` with the fields it uses (a filter in the table's grammar and
/// minutes, or a project and a share), sent on `channel` to `destination`; shared with
/// everyone who signs in when `shared` is ticked.
#[server(endpoint = "create_alert_rule")]
pub async fn create_alert_rule(
    name: String,
    kind: ConditionKind,
    filter: String,
    minutes: u32,
    project: String,
    percent: u8,
    channel: Channel,
    destination: String,
    shared: Option<Ticked>,
) -> Result<(), AppError> {
    let (source, caller, _) = acting()?;
    let condition = super::checks::checked_rule(&name, kind, filter, minutes, project, percent)?;
    let target = super::checks::checked_target(&source, channel, &destination).await?;
    let now = now_ms();
    // The rule tells its owner only of what they can see: recorded now, and at each
    // sign-in.
    source
        .record_scope(&caller.principal, &caller.credentials, now)
        .await?;
    source
        .store()?
        .save_alert_rule(
            &caller.principal,
            name.trim(),
            &condition,
            shared.is_some(),
            &target,
            now,
        )
        .await?;
    Ok(())
}

/// Changes rule `id` (its owner, or an admin for a shared one) to the form's fields;
/// an empty `destination` keeps the one it has, on the same channel.
#[server(endpoint = "update_alert_rule")]
pub async fn update_alert_rule(
    id: String,
    name: String,
    kind: ConditionKind,
    filter: String,
    minutes: u32,
    project: String,
    percent: u8,
    channel: Channel,
    destination: String,
    shared: Option<Ticked>,
) -> Result<(), AppError> {
    let (source, caller, admin) = acting()?;
    let condition = super::checks::checked_rule(&name, kind, filter, minutes, project, percent)?;
    let target = match destination.trim() {
        "" => {
            let kept = source.store()?.alert_rule(&id).await?;
            match kept.map(|rule| rule.target) {
                Some(target) if target.channel == channel => target,
                Some(_) => {
                    return Err(AppError::bad_request(
                        "a new channel needs its destination: give the URL or address",
                    ));
                }
                None => return Err(ledger::LedgerError::NoSuchRule.into()),
            }
        }
        given => super::checks::checked_target(&source, channel, given).await?,
    };
    let actor = ledger::store::Actor {
        principal: &caller.principal,
        admin,
    };
    let change = ledger::store::RuleChange::Update {
        name: name.trim(),
        condition: &condition,
        shared: shared.is_some(),
        target: &target,
    };
    source.change(&id, actor, change, now_ms()).await?;
    source
        .record_scope(&caller.principal, &caller.credentials, now_ms())
        .await
}

/// Deletes rule `id` (its owner, or an admin for a shared one).
#[server(endpoint = "delete_alert_rule")]
pub async fn delete_alert_rule(id: String) -> Result<(), AppError> {
    let (source, caller, admin) = acting()?;
    let actor = ledger::store::Actor {
        principal: &caller.principal,
        admin,
    };
    source
        .change(&id, actor, ledger::store::RuleChange::Delete, now_ms())
        .await
}

/// The source, the caller and whether they are an admin.
#[cfg(feature = "ssr")]
fn acting() -> Result<(super::AlertsSource, crate::caller::Caller, bool), AppError> {
    let caller = crate::caller::current_caller()?;
    let source = use_context::<super::AlertsSource>()
        .ok_or_else(|| AppError::unavailable("alerts are not kept on this dashboard"))?;
    let admin = source.is_admin(&caller.principal);
    Ok((source, caller, admin))
}

#[cfg(feature = "ssr")]
fn now_ms() -> i64 {
    runai::model::Timestamp::now().unix_millis()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use ledger::store::{OWNER_AWAY_MS, OwnerScope};

    use super::paused;

    #[test]
    fn a_rule_says_why_it_is_paused() {
        let scope = OwnerScope {
            projects: vec!["p".to_owned()],
            signed_in_ms: 1_000,
        };
        assert_eq!(paused(Some(&scope), 1_000 + OWNER_AWAY_MS), None);
        assert!(
            paused(Some(&scope), 1_001 + OWNER_AWAY_MS)
                .unwrap()
                .contains("has not signed in for 30 days")
        );
        assert!(
            paused(None, 0)
                .unwrap()
                .contains("until its owner signs in")
        );
    }
}
