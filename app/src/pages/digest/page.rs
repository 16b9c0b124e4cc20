//! The weekly digest page: one ISO week of what the reader may see, GPU time first (held
//! and idle, against the week before), by project and by person, then the most idle
//! workloads, failures by cause and the longest waits, each leading to the page that
//! holds the detail. The URL names the week, so a digest link is the digest.

use leptos::prelude::*;
use leptos_meta::Title;
use runai::query::QueryParams;

use super::{
    data::{DigestAnswer, WeekLine, get_digest},
    view::DigestView,
};
use crate::{
    components::{ErrorNote, ProblemNote, answer_page_with, page_query},
    format::{format_number_of, format_seconds},
    url_state::{UrlQuery, UrlState},
};

/// GPU-hours as the ledger writes them: one decimal.
fn hours(h: f64) -> String {
    format!("{h:.1}")
}

fn share(part: f64, whole: f64) -> String {
    match whole > 0.0 {
        true => format!("{:.0} %", part / whole * 100.0),
        false => "—".to_owned(),
    }
}

/// "+12 %", "−5 %", or "new" when the week before had none.
fn change(now: f64, before: f64) -> String {
    if before <= 0.0 {
        return match now > 0.0 {
            true => "new".to_owned(),
            false => "—".to_owned(),
        };
    }
    let percent = (now - before) / before * 100.0;
    match percent >= 0.0 {
        true => format!("+{percent:.0} %"),
        false => format!("−{:.0} %", -percent),
    }
}

/// The digest page.
#[component]
pub fn DigestPage() -> impl IntoView {
    let view = DigestView::from_params(&QueryParams::parse(&page_query()));
    let now_ms = runai::model::Timestamp::now().unix_millis();
    let week = view.week_at(now_ms);
    // A week that has not begun has nothing to show: no link leads there.
    let next = (week.next().span_ms().0 <= now_ms).then(|| week.next());
    let answer = Resource::new(|| (), move |()| get_digest(week.word()));
    if !view.problems.is_empty() {
        answer_page_with(http::StatusCode::BAD_REQUEST);
    }
    let problems = view.problems.clone();
    let link = |week| {
        DigestView {
            week: Some(week),
            problems: Vec::new(),
        }
        .href()
    };
    view! {
        <Title text="Weekly digest"/>
        <div class="page-head">
            <h1>"Weekly digest"</h1>
            <nav aria-label="Weeks" class="ledger-form">
                <a href=link(week.previous())>"Previous week"</a>
                {next.map(|next| view! { <a href=link(next)>"Next week"</a> })}
            </nav>
        </div>
        {(!problems.is_empty()).then(|| view! {
            <div class="error">
                <p>"Some of the link could not be used; showing the last complete week instead:"</p>
                {problems.into_iter().map(|problem| view! { <ProblemNote problem/> }).collect_view()}
            </div>
        })}
        <p class="lede">
            {format!("The week of {} ({}, Monday to Sunday in UTC) on the projects you can see: the same numbers as the ledger and the failures page for those days.", week.describe(), week.word())}
        </p>
        <Suspense fallback=|| view! { <p role="status">"Reading the week…"</p> }>
            {move || Suspend::new(async move {
                match answer.await {
                    Ok(answer) => view! { <Digest answer/> }.into_any(),
                    Err(error) => view! { <ErrorNote prefix="Could not read the week:" error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Digest(answer: DigestAnswer) -> impl IntoView {
    let window = ledger::week::IsoWeek::parse(&answer.week)
        .map(|w| w.window().word())
        .unwrap_or_default();
    let held = format!(
        "{} GPU-hours held, {} of them idle ({})",
        hours(answer.allocated_h),
        hours(answer.idle_h),
        share(answer.idle_h, answer.allocated_h),
    );
    let sentence = match answer.previous_allocated_h > 0.0 {
        true => format!(
            "{held}; {} on the week before's {} held, {} idle.",
            change(answer.allocated_h, answer.previous_allocated_h),
            hours(answer.previous_allocated_h),
            hours(answer.previous_idle_h),
        ),
        false => format!("{held}; none held the week before."),
    };
    let idle = answer
        .most_idle
        .iter()
        .map(|w| {
            view! {
                <li><a href=format!("/workloads/{}", w.id)>{w.name.clone()}</a>
                {format!(" ({}): {} idle GPU-hours", w.project, hours(w.idle_h))}</li>
            }
        })
        .collect_view();
    let causes = answer
        .causes
        .iter()
        .map(|c| view! { <li><code>{c.cause.clone()}</code>{format!(": {}", c.failures)}</li> })
        .collect_view();
    let waits = answer
        .longest_waits
        .iter()
        .map(|w| {
            view! {
                <li><a href=format!("/workloads/{}", w.id)>{w.name.clone()}</a>
                {format!(" ({}): waited {}", w.project, format_seconds(w.waited_s as f64))}</li>
            }
        })
        .collect_view();
    view! {
        {answer.partial.clone().map(|why| view! { <p class="partial" role="status">{format!("Partial: {why}.")}</p> })}
        <section aria-labelledby="digest-gpu">
            <h2 id="digest-gpu">"GPU time"</h2>
            <p data-testid="digest-total">{sentence}</p>
            <WeekTable id="digest-projects" caption="By project" who="Project" lines=answer.projects.clone() before=true/>
            <WeekTable id="digest-people" caption="By person (the ten who held most)" who="Person" lines=answer.people.clone() before=false/>
            <p><a href=format!("/ledger?window={window}")>"This week in the ledger"</a></p>
        </section>
        <section aria-labelledby="digest-idle">
            <h2 id="digest-idle">"Most idle workloads"</h2>
            {match answer.most_idle.is_empty() {
                true => view! { <p>"None held idle GPUs."</p> }.into_any(),
                false => view! { <ol>{idle}</ol> }.into_any(),
            }}
        </section>
        <section aria-labelledby="digest-failures">
            <h2 id="digest-failures">"Failures by cause"</h2>
            <p>{format_number_of(answer.failures, "failure", "failures")}
                " · " <a href=format!("/failures?window={window}")>"All of them by cause"</a></p>
            {(!answer.causes.is_empty()).then(|| view! { <ol>{causes}</ol> })}
        </section>
        <section aria-labelledby="digest-waits">
            <h2 id="digest-waits">"Longest waits"</h2>
            {match answer.longest_waits.is_empty() {
                true => view! { <p>"Nothing created this week waited."</p> }.into_any(),
                false => view! { <ol>{waits}</ol> }.into_any(),
            }}
        </section>
    }
    .into_any()
}

#[component]
fn WeekTable(
    id: &'static str,
    caption: &'static str,
    who: &'static str,
    lines: Vec<WeekLine>,
    before: bool,
) -> impl IntoView {
    if lines.is_empty() {
        return view! { <p>{format!("{caption}: nothing held GPUs.")}</p> }.into_any();
    }
    let rows = lines
        .into_iter()
        .map(|l| {
            view! {
                <tr>
                    <th scope="row">{l.label.clone()}</th>
                    <td class="num">{hours(l.allocated_h)}</td>
                    <td class="num">{hours(l.idle_h)}</td>
                    <td class="num">{share(l.idle_h, l.allocated_h)}</td>
                    {before.then(|| view! {
                        <td class="num">{hours(l.previous_allocated_h)}</td>
                        <td class="num">{change(l.allocated_h, l.previous_allocated_h)}</td>
                    })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby=id>
            <table>
                <caption id=id>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{who}</th>
                        <th scope="col" class="num">"GPU-hours held"</th>
                        <th scope="col" class="num">"Idle GPU-hours"</th>
                        <th scope="col" class="num">"Idle share"</th>
                        {before.then(|| view! {
                            <th scope="col" class="num">"Held the week before"</th>
                            <th scope="col" class="num">"Change"</th>
                        })}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_read_as_people_say_them() {
        assert_eq!(change(110.0, 100.0), "+10 %");
        assert_eq!(change(95.0, 100.0), "−5 %");
        assert_eq!(change(5.0, 0.0), "new");
        assert_eq!(change(0.0, 0.0), "—");
        assert_eq!(share(25.0, 100.0), "25 %");
        assert_eq!(share(0.0, 0.0), "—");
    }
}
