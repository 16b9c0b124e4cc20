//! What a rule's form gives, checked before it is kept (server only): the name and the
//! condition's fields; the channel offered here and the destination, which reaches no
//! private network and is sealed.

use ledger::alert_rule::{Channel, Condition, ConditionKind};

use crate::error::AppError;

/// The rule a form describes, checked: its name, and its condition's fields.
pub fn checked_rule(
    name: &str,
    kind: ConditionKind,
    filter: String,
    minutes: u32,
    project: String,
    percent: u8,
) -> Result<Condition, AppError> {
    ledger::alert_rule::validate_name(name).map_err(|err| AppError::bad_request(err.0))?;
    let condition = kind.with(filter.trim().to_owned(), minutes, project, percent);
    condition
        .validate()
        .map_err(|err| AppError::bad_request(err.0))?;
    Ok(condition)
}

/// Where a form says to send, checked (an offered channel; a webhook that reaches no
/// private network, where its name leads now; it is checked again at every message)
/// and sealed.
pub async fn checked_target(
    source: &super::AlertsSource,
    channel: Channel,
    destination: &str,
) -> Result<ledger::store::RuleTarget, AppError> {
    use alerts::target::Destination;
    if let Some(why) = source.offered().refusal(channel) {
        return Err(AppError::bad_request(why.to_owned()));
    }
    let checked = Destination::parse(channel, destination, source.private_hosts())
        .map_err(|err| AppError::bad_request(err.0))?;
    if matches!(channel, Channel::Slack | Channel::Webhook) {
        checked
            .addresses(source.private_hosts())
            .await
            .map_err(|err| AppError::bad_request(err.0))?;
    }
    Ok(ledger::store::RuleTarget {
        channel,
        sealed: source.seal(&checked.expose()),
        shown: checked.shown(),
    })
}
