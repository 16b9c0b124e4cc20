//! The alerts page: a plain form that makes a rule (filled in from the table's filter
//! when the table's "Alert me" link opened it), then every rule the caller sees, shared
//! first, each with what it watches, where it sends, whether it runs, when it last
//! found something and its latest messages (a failed one with why, and when it is
//! tried again).

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use runai::query::QueryParams;

use super::{
    data::{AlertsAnswer, ChannelChoice, CreateAlertRule, get_alerts},
    rule_form::{FormStart, RuleForm},
    rule_list::RuleList,
    view::AlertsView,
};
use crate::{
    components::{ErrorNote, LinkProblems, answer_page_with, page_query},
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
        <LinkProblems problems/>
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
        <NewRuleForm channels=channels.clone() filter/>
        <RuleList rules channels/>
    }
    .into_any()
}

/// Makes a rule.
#[component]
fn NewRuleForm(channels: Vec<ChannelChoice>, filter: String) -> impl IntoView {
    view! {
        <section aria-labelledby="new-rule-heading">
            <h2 id="new-rule-heading">"New rule"</h2>
            <RuleForm
                start=FormStart::new_rule(filter)
                channels
                action=CreateAlertRule::url().to_owned()
                labelled_by="new-rule-heading".to_owned()
                submit="Create rule".to_owned()
            />
        </section>
    }
    .into_any()
}
