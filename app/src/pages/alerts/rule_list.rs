//! The rules the caller sees, shared with the team first, then their own: each with
//! what it watches, where it sends (the destination shown only in part), whether it
//! runs, when it last found something, and its latest messages.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use runai::model::Timestamp;

use super::{
    data::{ChannelChoice, DeleteAlertRule, MessageLine, RuleLine, UpdateAlertRule},
    rule_form::{FormStart, RuleForm},
};
use crate::{format::format_number_of, time_zone::shown_instant};

fn seen(ms: i64) -> Option<impl IntoView + use<>> {
    Timestamp::from_unix_millis(ms).map(shown_instant)
}

/// Both lists (each only when it has rules).
#[component]
pub fn RuleList(rules: Vec<RuleLine>, channels: Vec<ChannelChoice>) -> impl IntoView {
    if rules.is_empty() {
        return view! {
            <section aria-labelledby="rules-heading">
                <h2 id="rules-heading">"Rules"</h2>
                <p>"No alert rules yet: make one above, or from the table's “Alert me” link."</p>
            </section>
        }
        .into_any();
    }
    let (shared, personal): (Vec<_>, Vec<_>) = rules.into_iter().partition(|r| r.shared);
    let list = |rules: Vec<RuleLine>, id: &'static str, heading: &'static str| {
        (!rules.is_empty()).then(|| {
            view! {
                <section aria-labelledby=id>
                    <h2 id=id>{heading}</h2>
                    <ul class="plain">
                        {rules
                            .into_iter()
                            .map(|rule| view! { <li><Rule rule channels=channels.clone()/></li> })
                            .collect_view()}
                    </ul>
                </section>
            }
            .into_any()
        })
    };
    view! {
        {list(shared, "rules-shared-heading", "Rules shared with the team")}
        {list(personal, "rules-personal-heading", "Your rules")}
    }
    .into_any()
}

#[component]
fn Rule(rule: RuleLine, channels: Vec<ChannelChoice>) -> impl IntoView {
    let heading_id = format!("rule-{}", rule.id);
    let labelled_by = heading_id.clone();
    let status = match &rule.paused {
        Some(why) => why.clone(),
        None if rule.holding > 0 => format!(
            "active: {} holding now",
            format_number_of(rule.holding, "finding", "findings")
        ),
        None => "active: nothing holds now".to_owned(),
    };
    let changes = rule.may_change.then(|| {
        let name = rule.name.clone();
        let (kind, filter, minutes, project, percent) = rule.condition.fields();
        let start = FormStart {
            id: Some(rule.id.clone()),
            name: name.clone(),
            kind: Some(kind),
            filter,
            minutes,
            project,
            percent,
            channel: Some(rule.channel_kind),
            shared: rule.shared,
        };
        let change_id = format!("change-{}", rule.id);
        view! {
            <details class="kept-view-change">
                <summary aria-label=format!("Change the rule “{name}”")>"Change"</summary>
                <p id=change_id.clone() class="visually-hidden">{format!("Change “{name}”")}</p>
                <RuleForm
                    start
                    channels
                    action=UpdateAlertRule::url().to_owned()
                    labelled_by=change_id
                    submit="Save the changes".to_owned()
                />
            </details>
            <form method="post" action=DeleteAlertRule::url()>
                <input type="hidden" name="id" value=rule.id.clone()/>
                <button type="submit" aria-label=format!("Delete the rule “{name}”")>"Delete"</button>
            </form>
        }
    });
    let owner = rule.shared.then(|| format!(" · made by {}", rule.owner));
    view! {
        <article aria-labelledby=labelled_by class="alert-rule">
            <h3 id=heading_id class="workload-name">{rule.name.clone()}</h3>
            <p>{rule.watching.clone()}{owner}</p>
            <dl class="facts">
                <dt>"Sends to"</dt><dd>{rule.channel.clone()} ": " <code>{rule.destination.clone()}</code></dd>
                <dt>"Status"</dt><dd>{status}</dd>
                <dt>"Last fired"</dt>
                <dd>{match rule.last_firing_ms.and_then(seen) {
                    Some(at) => at.into_any(),
                    None => "never".into_any(),
                }}</dd>
            </dl>
            <Messages messages=rule.messages.clone() name=rule.name.clone()/>
            {changes}
        </article>
    }
    .into_any()
}

/// A rule's latest messages, the newest first.
#[component]
fn Messages(messages: Vec<MessageLine>, name: String) -> impl IntoView {
    if messages.is_empty() {
        return view! { <p>"No messages yet."</p> }.into_any();
    }
    let rows = messages
        .into_iter()
        .map(|m| {
            let retry = m
                .retry_ms
                .and_then(seen)
                .map(|at| view! { " · next try " {at} });
            view! {
                <tr>
                    <td>{seen(m.queued_ms)}</td>
                    <td>{m.summary}</td>
                    <td>{m.state}{retry}</td>
                    <td class="num">{m.tries}</td>
                    <td>{m.error}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=format!("Messages of “{name}”")>
            <table>
                <caption>"Latest messages"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Queued"</th>
                        <th scope="col">"Message"</th>
                        <th scope="col">"Where it is"</th>
                        <th scope="col" class="num">"Tries"</th>
                        <th scope="col">"Why the last try failed"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
