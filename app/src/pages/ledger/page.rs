//! The ledger page: a plain form for the window and grouping (the URL is the state, no
//! script needed), the collector's progress, the definitions, the ranking table with
//! links to each group's workloads, the daily trend, and the CSV (the report's parts are
//! in `report.rs`).

use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    amounts::{day, gpu_hours, instant, money, percent},
    budgets::MonthBudgetsSection,
    coverage::Coverage,
    data::{GpuHours, LedgerAnswer, LedgerLine, get_ledger},
    report::{DayTable, LedgerCharts, LedgerTrend, Ranking, trend_option},
    view::{Grouping, LedgerView},
};
use crate::components::{ErrorNote, answer_page_with, page_query};
use crate::components::{ProblemNote, WindowSelect};
use crate::url_state::UrlQuery;
use runai::query::QueryParams;

/// The collector's progress in words.
fn progress_text(answer: &LedgerAnswer) -> String {
    let Some(progress) = &answer.progress else {
        return match &answer.not_collecting {
            Some(why) => format!("Nothing collected yet: {why}"),
            None => "The collector is starting its first round.".to_owned(),
        };
    };
    let mut text = format!("Collected up to {}", instant(progress.collected_to_ms));
    if progress.round_to_ms > progress.collected_to_ms && progress.round_total > 0 {
        let share = progress.round_done as f64 / progress.round_total as f64;
        let doing = if progress.collected_to_ms <= progress.backfill_from_ms {
            "backfilling"
        } else {
            "collecting"
        };
        text.push_str(&format!(
            "; {doing} up to {}, {}",
            instant(progress.round_to_ms),
            percent(share.min(1.0))
        ));
    }
    text.push('.');
    if let Some(why) = &answer.not_collecting {
        text.push_str(&format!(" Not collecting now: {why}"));
    }
    text
}

/// The ledger page.
#[component]
pub fn LedgerPage() -> impl IntoView {
    let view = LedgerView::from_params(&QueryParams::parse(&page_query()));
    let (window, group) = (view.window.clone(), view.group);
    let answer = Resource::new(|| (), move |()| get_ledger(window.clone(), group));
    if !view.problems.is_empty() {
        answer_page_with(http::StatusCode::BAD_REQUEST);
    }
    let problems = view.problems.clone();
    let csv = match view.query() {
        q if q.is_empty() => "/export/ledger.csv".to_owned(),
        q => format!("/export/ledger.csv?{q}"),
    };
    view! {
        <Title text="GPU waste ledger"/>
        <div class="page-head">
            <h1>"GPU waste ledger"</h1>
            <ViewForm view=view.clone()/>
        </div>
        {(!problems.is_empty()).then(|| view! {
            <div class="error">
                <p>"Some of the link could not be used; showing the defaults instead:"</p>
                {problems.into_iter().map(|problem| view! { <ProblemNote problem/> }).collect_view()}
            </div>
        })}
        <Definitions/>
        <Suspense fallback=|| view! { <p role="status">"Reading the ledger…"</p> }>
            {move || {
                let csv = csv.clone();
                let window = view.window.describe();
                Suspend::new(async move {
                    match answer.await {
                        Ok(answer) => view! { <Ledger answer group csv window/> }.into_any(),
                        Err(error) => view! {
                            <ErrorNote prefix="Could not read the ledger:" error/>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Window and grouping, submitted as a plain GET: the result is a shareable URL.
#[component]
fn ViewForm(view: LedgerView) -> impl IntoView {
    view! {
        <form method="get" action="/ledger" class="ledger-form" aria-label="Ledger view">
            <WindowSelect window=view.window.clone()/>
            <label>
                "Group by "
                <select name="group">
                    {Grouping::ALL.into_iter().map(|g| view! {
                        <option value=g.as_str() selected=g == view.group>{g.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <button type="submit">"Show"</button>
        </form>
        <form method="get" action="/ledger" class="ledger-form" aria-label="Typed window">
            <label>
                "Or type a window "
                <input name="window" type="text" placeholder="14d, 36h or 2026-11-01..2026-11-07"
                    pattern="[0-9]+[hd]|[0-9]{4}-[0-9]{2}-[0-9]{2}\\.\\.[0-9]{4}-[0-9]{2}-[0-9]{2}"/>
            </label>
            // After the window, so the URL reads as the other form's does.
            <input type="hidden" name="group" value=view.group.as_str()/>
            <button type="submit">"Show window"</button>
        </form>
    }
}

/// What the numbers mean.
#[component]
fn Definitions() -> impl IntoView {
    view! {
        <details class="definitions">
            <summary>"What is counted"</summary>
            <dl>
                <dt>"Allocated GPU-hours"</dt>
                <dd>"GPUs a workload held (whole or fractions) × the time it held them, from Run:ai's GPU allocation metric, sampled every 5 minutes."</dd>
                <dt>"Idle GPU-hours"</dt>
                <dd>"The part of those on GPUs whose utilization stayed under the idle threshold in the sample interval."</dd>
                <dt>"Busy GPU-hours"</dt>
                <dd>"Allocated GPU-hours that were not idle: allocated = idle + busy."</dd>
                <dt>"Used GPU-hours"</dt>
                <dd>"Allocated GPU-hours × the GPUs' mean utilization (utilization-weighted): the work the GPUs did. A busy GPU at 40 % counts one busy hour and 0.4 used hours, so used is at most busy."</dd>
                <dt>"Idle share"</dt>
                <dd>"Idle ÷ allocated GPU-hours."</dd>
            </dl>
        </details>
    }
}

#[component]
fn Ledger(answer: LedgerAnswer, group: Grouping, csv: String, window: String) -> impl IntoView {
    let progress = progress_text(&answer);
    let total = answer.total;
    let coverage = Coverage::of(&answer);
    let span = match coverage.began_within() {
        Some(began) => format!("since collection began on {} ({window} asked)", day(began)),
        None => format!("over {window}"),
    };
    let heading = format!("GPU-hours by {} {span}", group.label().to_lowercase());
    let lines = answer.lines.clone();
    let days = answer.days.clone();
    let currency = answer.pricing.as_ref().map(|p| p.currency.clone());
    let cost = answer.pricing.clone().map(|pricing| {
        let cost = answer.total_cost.unwrap_or_default();
        let unpriced = match pricing.unpriced_pools.as_slice() {
            [] => String::new(),
            pools => format!(
                " Node pools with no price count nothing: {}.",
                pools.join(", ")
            ),
        };
        format!(
            "At the configured prices they cost {}, of which {} idle.{unpriced}",
            money(cost.allocated, &pricing.currency),
            money(cost.idle, &pricing.currency),
        )
    });
    view! {
        <p role="status" class="ledger-progress">{progress}</p>
        <p class="ledger-total">
            {format!("{} allocated GPU-hours = ", gpu_hours(total.allocated))}
            <strong class="waste">{format!("{} idle ({})", gpu_hours(total.idle), percent(total.idle_share()))}</strong>
            {format!(
                " + {} busy; the busy GPUs did {} GPU-hours of work at their utilization. A GPU is idle under {} % utilization.",
                gpu_hours(total.busy()), gpu_hours(total.used), answer.idle_threshold_percent,
            )}
            " "
            {cost.map(|words| view! { <strong class="waste">{words}</strong> " " })}
            <a href=csv download>"Download CSV"</a>
        </p>
        <section aria-labelledby="ledger-ranking">
            <h2 id="ledger-ranking">{heading.clone()}</h2>
            {if lines.is_empty() {
                view! { <p>"No GPU-hours in this window that you may see."</p> }.into_any()
            } else if group == Grouping::Person {
                view! { <PeopleApartFromServiceAccounts lines heading currency/> }.into_any()
            } else {
                view! { <Ranking lines group caption=heading currency/> }.into_any()
            }}
        </section>
        <LedgerCharts>
            {answer.budgets.clone().map(|budgets| view! { <MonthBudgetsSection budgets/> })}
            <section aria-labelledby="ledger-trend">
                <h2 id="ledger-trend">"Idle and used GPU-hours per day"</h2>
                <LedgerTrend option=trend_option(&days, &coverage)/>
                <DayTable days coverage/>
            </section>
        </LedgerCharts>
    }
}

/// Grouped by person: people first, then service accounts, each with its own sum, so a
/// pipeline's hours are not read as someone's.
#[component]
fn PeopleApartFromServiceAccounts(
    lines: Vec<LedgerLine>,
    heading: String,
    currency: Option<String>,
) -> impl IntoView {
    let (services, people): (Vec<LedgerLine>, Vec<LedgerLine>) =
        lines.into_iter().partition(|line| line.service_account);
    let part = |id: &'static str, title: &'static str, lines: Vec<LedgerLine>| {
        let sum = lines
            .iter()
            .fold(GpuHours::default(), |sum, line| GpuHours {
                allocated: sum.allocated + line.hours.allocated,
                idle: sum.idle + line.hours.idle,
                used: sum.used + line.hours.used,
            });
        let caption = format!("{heading}: {}", title.to_lowercase());
        view! {
            <section aria-labelledby=id>
                <h3 id=id>{title}</h3>
                {if lines.is_empty() {
                    view! { <p>{format!("No {} in this window.", title.to_lowercase())}</p> }.into_any()
                } else {
                    view! {
                        <p>{format!(
                            "{} allocated GPU-hours, {} idle ({}).",
                            gpu_hours(sum.allocated), gpu_hours(sum.idle), percent(sum.idle_share()),
                        )}</p>
                        <Ranking lines group=Grouping::Person caption currency=currency.clone()/>
                    }.into_any()
                }}
            </section>
        }
    };
    view! {
        {part("ledger-people", "People", people)}
        {part("ledger-service-accounts", "Service accounts", services)}
        <p class="lede">
            "A submitter that is not an e-mail address, or that the dashboard's operators name as one, is a service account: a pipeline or application submitting with its own access key."
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::ledger::data::CollectionProgress;

    fn answer(progress: Option<CollectionProgress>) -> LedgerAnswer {
        LedgerAnswer {
            from_ms: 0,
            to_ms: 0,
            lines: vec![],
            days: vec![],
            total: GpuHours::default(),
            idle_threshold_percent: 5.0,
            progress,
            not_collecting: None,
            pricing: None,
            total_cost: None,
            budgets: None,
        }
    }

    #[test]
    fn progress_reads_as_how_far_and_how_much_of_the_round() {
        let hour = ledger::calendar::HOUR_MS;
        let t = ledger::calendar::hour_floor(1_795_000_000_000);
        let backfilling = answer(Some(CollectionProgress {
            collected_to_ms: t,
            backfill_from_ms: t,
            round_to_ms: t + 168 * hour,
            round_done: 62,
            round_total: 100,
        }));
        let text = progress_text(&backfilling);
        assert!(text.starts_with("Collected up to 2026-11-18 "), "{text}");
        assert!(text.contains("; backfilling up to 2026-11-25 "), "{text}");
        assert!(text.contains(", 62 %."), "{text}");
        let idle = answer(Some(CollectionProgress {
            collected_to_ms: t,
            backfill_from_ms: t - hour,
            round_to_ms: t,
            round_done: 3,
            round_total: 3,
        }));
        assert!(!progress_text(&idle).contains('%'));
        assert!(progress_text(&answer(None)).contains("first round"));
    }
}
