//! The failures page: a plain form for the window (the URL is the state, no script
//! needed), then one entry per cause, most failures first, and the daily trend by cause.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    data::{FailureGroup, FailuresAnswer, Tally, get_failures},
    view::FailuresView,
};
use crate::{
    components::{ErrorNote, ProblemNote, WindowSelect, answer_page_with, page_query},
    format::format_number_of,
    time_zone::shown_instant,
    url_state::UrlQuery,
};
use runai::{model::Timestamp, query::QueryParams};

/// Causes drawn in the trend's table, at most; the rest are summed as "Other causes".
const TREND_CAUSES: usize = 6;

/// "vision (3), nlp (1)".
fn names(tally: &Tally) -> String {
    tally
        .iter()
        .map(|(name, n)| format!("{name} ({n})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The table filtered to a group's workloads: failed, in the window, of this cause; the
/// deleted ones (`deleted`) or the others.
fn table_href(group: &FailureGroup, answer: &FailuresAnswer, deleted: bool) -> String {
    let at = |ms: i64| {
        Timestamp::from_unix_millis(ms)
            .map(|t| t.to_string())
            .unwrap_or_default()
    };
    let filter = format!(
        "phase==Failed,completedAt>={},completedAt<={}",
        at(answer.from_ms),
        at(answer.to_ms)
    );
    format!(
        "/workloads?{}",
        runai::query::encode_query(&[
            ("filterBy", filter),
            ("deleted", deleted.to_string()),
            ("cause", group.id.clone()),
        ])
        .replace("&deleted=false", "")
    )
}

/// The failures page.
#[component]
pub fn FailuresPage() -> impl IntoView {
    let view = FailuresView::from_params(&QueryParams::parse(&page_query()));
    let window = view.window.clone();
    let answer = Resource::new(|| (), move |()| get_failures(window.clone()));
    if !view.problems.is_empty() {
        answer_page_with(http::StatusCode::BAD_REQUEST);
    }
    let problems = view.problems.clone();
    let described = view.window.describe();
    view! {
        <Title text="Failures"/>
        <div class="page-head">
            <h1>"Failures"</h1>
            <WindowForm view=view.clone()/>
        </div>
        {(!problems.is_empty()).then(|| view! {
            <div class="error">
                <p>"Some of the link could not be used; showing the defaults instead:"</p>
                {problems.into_iter().map(|problem| view! { <ProblemNote problem/> }).collect_view()}
            </div>
        })}
        <p class="lede">
            "Failed workloads grouped by cause: the failure's reason and message with the numbers, ids, paths, times and image tags that differ from one failure to the next masked (…), so twenty failures of one kind read as one."
        </p>
        <Suspense fallback=|| view! { <p role="status">"Reading the failures…"</p> }>
            {move || {
                let described = described.clone();
                Suspend::new(async move {
                    match answer.await {
                        Ok(answer) => view! { <Failures answer described/> }.into_any(),
                        Err(error) => view! {
                            <ErrorNote prefix="Could not read the failures:" error/>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The window, submitted as a plain GET: the result is a shareable URL.
#[component]
fn WindowForm(view: FailuresView) -> impl IntoView {
    view! {
        <form method="get" action="/failures" class="ledger-form" aria-label="Failures window">
            <WindowSelect window=view.window/>
            <button type="submit">"Show"</button>
        </form>
    }
}

#[component]
fn Failures(answer: FailuresAnswer, described: String) -> impl IntoView {
    let heading = format!(
        "{} in {} over {described}",
        format_number_of(answer.failures, "failure", "failures"),
        format_number_of(answer.groups.len(), "cause", "causes"),
    );
    let entries: Vec<_> = answer
        .groups
        .iter()
        .map(|group| {
            let links = (
                table_href(group, &answer, false),
                table_href(group, &answer, true),
            );
            view! { <Cause group=group.clone() links/> }
        })
        .collect();
    view! {
        {answer.truncated.then(|| view! {
            <p class="partial" role="status">"More failures than the dashboard reads at once (10,000): the oldest are left out. Narrow the window."</p>
        })}
        <section aria-labelledby="failure-causes">
            <h2 id="failure-causes">{heading}</h2>
            {if entries.is_empty() {
                view! { <p>"No failures in this window that you may see."</p> }.into_any()
            } else {
                view! { <ol class="plain">{entries}</ol> }.into_any()
            }}
        </section>
        {(!answer.groups.is_empty()).then(|| view! { <Trend answer=answer.clone()/> })}
    }
}

/// One cause: how many, who and where, when, a sample, and its workloads (`links`: the
/// table of those still there, and of those deleted since).
#[component]
fn Cause(group: FailureGroup, links: (String, String)) -> impl IntoView {
    let live = group.failures - group.deleted;
    let id = format!("cause-{}", group.id);
    let labelled_by = id.clone();
    let seen = |ms: i64| Timestamp::from_unix_millis(ms).map(shown_instant);
    view! {
        <li>
            <article aria-labelledby=labelled_by>
                // Long causes wrap anywhere, as long workload names do.
                <h3 id=id class="workload-name"><code>{group.cause.clone()}</code></h3>
                <p>
                    <strong>{format_number_of(group.failures, "failure", "failures")}</strong>
                    {group.dominant_pool().map(|words| format!(": {words}"))}
                    {group.dominant_image().map(|words| format!("; {words}"))}
                    " · first " {seen(group.first_ms)} " · last " {seen(group.last_ms)}
                </p>
                <dl class="facts">
                    <dt>"Projects"</dt><dd>{names(&group.projects)}</dd>
                    <dt>"People"</dt><dd>{names(&group.people)}</dd>
                    <dt>"Node pools"</dt><dd>{names(&group.node_pools)}</dd>
                    <dt>"Images"</dt>
                    <dd>{if group.images.is_empty() { "not said by Run:ai".to_owned() } else { names(&group.images) }}</dd>
                </dl>
                <details>
                    <summary>"The latest message, as it was"</summary>
                    <dl class="facts wide">
                        <dt>"Message"</dt><dd><code>{group.sample.clone()}</code></dd>
                    </dl>
                </details>
                <p>
                    {(live > 0).then(|| view! {
                        <a href=links.0>{format!("Its {} in the table", format_number_of(live, "workload", "workloads"))}</a>
                    })}
                    {(live > 0 && group.deleted > 0).then_some(" · ")}
                    {(group.deleted > 0).then(|| view! {
                        <a href=links.1>{format!("{} deleted since", format_number_of(group.deleted, "workload", "workloads"))}</a>
                    })}
                </p>
            </article>
        </li>
    }
}

/// Failures a day by cause, as a table (the most frequent causes, the rest summed).
#[component]
fn Trend(answer: FailuresAnswer) -> impl IntoView {
    let day = |ms: i64| {
        Timestamp::from_unix_millis(ms)
            .and_then(|t| t.to_string().get(5..10).map(str::to_owned))
            .unwrap_or_default()
    };
    let mut rows: Vec<(String, Vec<usize>)> = answer
        .groups
        .iter()
        .take(TREND_CAUSES)
        .map(|g| (g.cause.clone(), g.per_day.clone()))
        .collect();
    let rest: Vec<&FailureGroup> = answer.groups.iter().skip(TREND_CAUSES).collect();
    if !rest.is_empty() {
        let summed = (0..answer.days.len())
            .map(|d| {
                rest.iter()
                    .map(|g| g.per_day.get(d).copied().unwrap_or(0))
                    .sum()
            })
            .collect();
        rows.push(("Other causes".to_owned(), summed));
    }
    view! {
        <section aria-labelledby="failure-trend">
            <h2 id="failure-trend">"Failures a day, by cause"</h2>
            // Many days scroll sideways on a phone: the region takes focus, so a keyboard
            // scrolls it too.
            <div class="table-scroll" tabindex="0" role="region" aria-label="Failures a day, as a table">
                <table class="ledger-days">
                    <caption class="visually-hidden">"Failures a day by cause (UTC days)"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Cause"</th>
                            {answer.days.iter().map(|d| view! { <th scope="col" class="num">{day(*d)}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|(cause, per_day)| view! {
                            <tr>
                                <th scope="row">{cause}</th>
                                {per_day.into_iter().map(|n| view! { <td class="num">{n}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
