//! A rule's form, to make one or to change one: its fields serve every kind (a filter
//! and minutes for workloads, a project and a share for projects), so it works as a
//! plain form before any script.

use ledger::alert_rule::{Channel, ConditionKind, MAX_MINUTES, MAX_NAME_CHARS};
use leptos::prelude::*;

use super::data::ChannelChoice;

/// What the form starts with.
#[derive(Clone, Debug)]
pub struct FormStart {
    /// The rule changed, if it changes one.
    pub id: Option<String>,
    pub name: String,
    pub kind: Option<ConditionKind>,
    pub filter: String,
    pub minutes: u32,
    pub project: String,
    pub percent: u8,
    pub channel: Option<Channel>,
    pub shared: bool,
}

impl FormStart {
    /// A new rule's form on `filter`.
    pub fn new_rule(filter: String) -> Self {
        Self {
            id: None,
            name: String::new(),
            kind: None,
            filter,
            minutes: 60,
            project: String::new(),
            percent: 50,
            channel: None,
            shared: false,
        }
    }
}

/// The form, posted to `action`, named by the element `labelled_by`.
#[component]
pub fn RuleForm(
    start: FormStart,
    channels: Vec<ChannelChoice>,
    action: String,
    labelled_by: String,
    submit: String,
) -> impl IntoView {
    let kinds = ConditionKind::OFFERED
        .into_iter()
        .map(|kind| {
            view! { <option value=kind.word() selected=start.kind == Some(kind)>{kind.label()}</option> }
        })
        .collect_view();
    let offered = channels
        .into_iter()
        .map(|choice| {
            let label = match &choice.unavailable {
                Some(why) => format!("{} (not set up: {why})", choice.channel.label()),
                None => choice.channel.label().to_owned(),
            };
            view! {
                <option
                    value=choice.channel.word()
                    disabled=choice.unavailable.is_some()
                    selected=start.channel == Some(choice.channel)
                >{label}</option>
            }
        })
        .collect_view();
    let changing = start.id.is_some();
    let destination_label = match changing {
        true => "Webhook URL or e-mail address (empty: keep the one it has) ",
        false => "Webhook URL or e-mail address ",
    };
    view! {
        <form method="post" action=action class="ledger-form rule-form" aria-labelledby=labelled_by>
            {start.id.map(|id| view! { <input type="hidden" name="id" value=id/> })}
            <label>"Name " <input name="name" value=start.name required maxlength=MAX_NAME_CHARS autocomplete="off"/></label>
            <label>"Tell me when " <select name="kind">{kinds}</select></label>
            <label>
                "Workloads matching (the table's filter; empty for all) "
                <input name="filter" value=start.filter placeholder="phase==Pending,nodepool==h100-80gb" autocomplete="off"/>
            </label>
            <label>"Minutes " <input name="minutes" type="number" min="1" max=MAX_MINUTES value=start.minutes required/></label>
            <label>"Project (for a project's rules) " <input name="project" value=start.project autocomplete="off"/></label>
            <label>"Idle share, % (for a project's idle share) " <input name="percent" type="number" min="1" max="100" value=start.percent required/></label>
            <label>"Send to " <select name="channel">{offered}</select></label>
            <label>
                {destination_label}
                <input name="destination" required=!changing autocomplete="off" placeholder="https://hooks.slack.com/services/…"/>
            </label>
            <label><input type="checkbox" name="shared" checked=start.shared/> " Share with the team"</label>
            <button type="submit">{submit}</button>
        </form>
    }
    .into_any()
}
