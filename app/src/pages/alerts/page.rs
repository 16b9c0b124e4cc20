//! The alerts page: a plain form that makes a rule (filled in from the table's filter
//! when the table's "Alert me" link opened it), then every rule the caller sees, shared
//! first, each with what it watches, where it sends, whether it runs, when it last
//! found something and its latest messages (a failed one with why, and when it is
//! tried again).

use ledger::alert_rule::{ConditionKind, MAX_MINUTES, MAX_NAME_CHARS};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use runai::query::QueryParams;

use super::{
    data::{AlertsAnswer, ChannelChoice, CreateAlertRule, get_alerts},
    rule_list::RuleList,
    view::AlertsView,
};
use crate::{
    components::{ErrorNote, ProblemNote, answer_page_with, page_query},
    url_state::UrlQuery,
};

/// The alerts page.
#[component]
pub fn AlertsPage() -> impl IntoView {
    let view = AlertsView::from_params(&QueryParams::parse(&page_query()));
    let answer = Resource::new(|| (), |()| get_alerts());
    if !view.problems.is_empty() {
        answer_page_with(http::StatusCode::BAD_REQUEST);
    }
    let problems = view.problems.clone();
    let filter = view.filter.clone();
    view! {
        <Title text="Alerts"/>
        <div class="page-head">
            <h1>"Alerts"</h1>
        </div>
        {(!problems.is_empty()).then(|| view! {
            <div class="error">
                <p>"Some of the link could not be used:"</p>
                {problems.into_iter().map(|problem| view! { <ProblemNote problem/> }).collect_view()}
            </div>
        })}
        <p class="lede">
            "Rules watch the cluster for you and send a message to Slack, a webhook or an e-mail address when something needs attention: once when it starts (again only after it has cleared), at most one message per rule every few minutes, and only about projects you can see. "
            <a href="/digest">"The weekly digest"</a>
            " sums up each week; a rule can send it every Monday."
        </p>
        <Suspense fallback=|| view! { <p role="status">"Reading your alert rules…"</p> }>
            {move || {
                let filter = filter.clone();
                Suspend::new(async move {
                    match answer.await {
                        Ok(answer) => view! { <Alerts answer filter/> }.into_any(),
                        Err(error) => view! {
                            <ErrorNote prefix="Could not read the alert rules:" error/>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Alerts(answer: AlertsAnswer, filter: String) -> impl IntoView {
    let AlertsAnswer {
        rules, channels, ..
    } = answer;
    view! {
        <NewRuleForm channels filter/>
        <RuleList rules/>
    }
    .into_any()
}

/// Makes a rule; its fields serve every kind (a filter and minutes for workloads, a
/// project and a share for projects), so it works as a plain form.
#[component]
fn NewRuleForm(channels: Vec<ChannelChoice>, filter: String) -> impl IntoView {
    let kinds = ConditionKind::OFFERED
        .into_iter()
        .map(|kind| view! { <option value=kind.word()>{kind.label()}</option> })
        .collect_view();
    let offered = channels
        .into_iter()
        .map(|choice| {
            let label = match &choice.unavailable {
                Some(why) => format!("{} (not set up: {why})", choice.channel.label()),
                None => choice.channel.label().to_owned(),
            };
            view! {
                <option value=choice.channel.word() disabled=choice.unavailable.is_some()>{label}</option>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="new-rule-heading">
            <h2 id="new-rule-heading">"New rule"</h2>
            <form method="post" action=CreateAlertRule::url() class="ledger-form rule-form" aria-labelledby="new-rule-heading">
                <label>"Name " <input name="name" required maxlength=MAX_NAME_CHARS autocomplete="off"/></label>
                <label>"Tell me when " <select name="kind">{kinds}</select></label>
                <label>
                    "Workloads matching (the table's filter; empty for all) "
                    <input name="filter" value=filter placeholder="phase==Pending,nodepool==h100-80gb" autocomplete="off"/>
                </label>
                <label>"Minutes " <input name="minutes" type="number" min="1" max=MAX_MINUTES value="60" required/></label>
                <label>"Project (for a project's rules) " <input name="project" autocomplete="off"/></label>
                <label>"Idle share, % (for a project's idle share) " <input name="percent" type="number" min="1" max="100" value="50" required/></label>
                <label>"Send to " <select name="channel">{offered}</select></label>
                <label>
                    "Webhook URL or e-mail address "
                    <input name="destination" required autocomplete="off" placeholder="https://hooks.slack.com/services/…"/>
                </label>
                <label><input type="checkbox" name="shared"/> " Share with the team"</label>
                <button type="submit">"Create rule"</button>
            </form>
        </section>
    }
    .into_any()
}
