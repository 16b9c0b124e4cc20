//! This month's budgets on the ledger page: each budgeted project the reader may see,
//! what it has used, where it is heading at the month's pace so far and when it runs
//! out, as a table and as a burn-up chart (share of the budget used by day, the pace
//! dashed to the month's end, the budget at 100 %).

use leptos::prelude::*;

use super::{
    amounts::{day, gpu_hours, money, percent},
    data::{BudgetLine, MonthBudgets},
};
use crate::components::{EchartsOption, ServerChart};

/// Each project's colour, its pace dashed in the same one (none is the budget's red).
#[cfg(feature = "ssr")]
const PROJECT_COLOURS: [&str; 6] = [
    "#2f6fdb", "#3f9a3a", "#b8860b", "#7b4fc9", "#0f8b8d", "#d2691e",
];

/// An amount in its budget's unit.
fn amount(value: f64, unit: &str) -> String {
    match unit {
        "GPU-h" => format!("{} GPU-h", gpu_hours(value)),
        currency => money(value, currency),
    }
}

/// When the budget runs out, in words; `collected_ms`: how far the month is known.
fn runs_out(line: &BudgetLine, collected_ms: i64) -> String {
    match line.runs_out_ms {
        Some(at) if at <= collected_ms => format!("Used up on {}", day(at)),
        Some(at) => format!("Around {} at this pace", day(at)),
        None => "Not this month at this pace".to_owned(),
    }
}

#[component]
pub(super) fn MonthBudgetsSection(budgets: MonthBudgets) -> impl IntoView {
    let collected_ms = budgets.as_of_ms;
    let month = day(budgets.from_ms).get(..7).unwrap_or_default().to_owned();
    let heading = format!("Budgets for {month} (UTC)");
    let option = burn_up_option(&budgets);
    view! {
        <section aria-labelledby="ledger-budgets">
            <h2 id="ledger-budgets">{heading.clone()}</h2>
            <ServerChart label=format!("{heading}: share of each budget used by day") option/>
            // On a phone the table scrolls sideways: the region takes focus, so a
            // keyboard scrolls it too.
            <div class="table-scroll" tabindex="0" role="region" aria-label="Budgets, as a table">
                <table class="ledger-days budgets">
                    <caption class="visually-hidden">{heading}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Project"</th>
                            <th scope="col" class="num">"Budget"</th>
                            <th scope="col" class="num">"Used so far"</th>
                            <th scope="col" class="num">"By the month's end"</th>
                            <th scope="col">"Runs out"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {budgets.lines.into_iter().map(|line| {
                            let over = line.projected > line.budget;
                            view! {
                                <tr>
                                    <th scope="row">{line.project.clone()}</th>
                                    <td class="num">{amount(line.budget, &line.unit)}</td>
                                    <td class="num">
                                        {format!("{} ({})", amount(line.used, &line.unit), percent(line.used / line.budget))}
                                    </td>
                                    <td class=if over { "num waste" } else { "num" }>
                                        {format!("{} ({})", amount(line.projected, &line.unit), percent(line.projected / line.budget))}
                                    </td>
                                    <td>{runs_out(&line, collected_ms)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="lede">
                "Used: allocated GPU-hours (at the node pools' prices, for a budget in money) since the month began, as far as the ledger is collected. By the month's end: at the month's pace so far."
                {budgets.known_from_ms.map(|from| format!(
                    " The ledger begins on {}: what was used before is not counted, and the pace is that of the days since.",
                    day(from),
                ))}
            </p>
        </section>
    }
}

/// The burn-up chart: for each project the share of its budget used through each day,
/// then its pace to the month's end (dashed); the budget is the line at 100 %. Built on
/// the server, as every chart is.
fn burn_up_option(budgets: &MonthBudgets) -> EchartsOption {
    #[cfg(feature = "ssr")]
    {
        use crate::components::{FAILED, LineChartData, LineSeries, line_chart_option};
        use crate::format::Unit;
        use ledger::calendar::DAY_MS;

        let day_of_month = |ms: i64| ((ms - budgets.from_ms) / DAY_MS + 1) as f64;
        let last_day = ((budgets.to_ms - budgets.from_ms) / DAY_MS) as f64;
        let mut series = Vec::new();
        for (line, colour) in budgets.lines.iter().zip(PROJECT_COLOURS.iter().cycle()) {
            let share = |used: f64| used / line.budget * 100.0;
            let points: Vec<(f64, f64)> = line
                .through_day
                .iter()
                .map(|&(day, used)| (day_of_month(day), share(used)))
                .collect();
            let from = points.last().copied().unwrap_or((1.0, 0.0));
            series.push(LineSeries {
                name: line.project.clone(),
                points,
                dashed: false,
                colour: Some(colour),
            });
            series.push(LineSeries {
                name: format!("{}, at this pace", line.project),
                points: vec![from, (last_day, share(line.projected))],
                dashed: true,
                colour: Some(colour),
            });
        }
        series.push(LineSeries {
            name: "Budget".to_owned(),
            points: vec![(1.0, 100.0), (last_day, 100.0)],
            dashed: true,
            colour: Some(FAILED),
        });
        EchartsOption::from_chart(&line_chart_option(&LineChartData {
            x_name: "Day of the month".to_owned(),
            x_time: false,
            x_max: Some(last_day),
            y_unit: Unit::Percent,
            series,
        }))
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = budgets;
        EchartsOption::default()
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;
    /// 2026-11-01.
    const NOVEMBER: i64 = 1_793_491_200_000;

    fn line(runs_out_ms: Option<i64>) -> BudgetLine {
        BudgetLine {
            project: "vision".to_owned(),
            unit: "GPU-h".to_owned(),
            budget: 1_000.0,
            used: 500.0,
            projected: 1_500.0,
            runs_out_ms,
            through_day: (0..10)
                .map(|d| (NOVEMBER + d * DAY, 50.0 * (d + 1) as f64))
                .collect(),
        }
    }

    #[test]
    fn when_it_runs_out_reads_as_a_day_past_or_coming() {
        let now = NOVEMBER + 10 * DAY;
        assert_eq!(
            runs_out(&line(Some(NOVEMBER + 2 * DAY)), now),
            "Used up on 2026-11-03"
        );
        assert_eq!(
            runs_out(&line(Some(NOVEMBER + 20 * DAY)), now),
            "Around 2026-11-21 at this pace"
        );
        assert_eq!(runs_out(&line(None), now), "Not this month at this pace");
        assert_eq!(amount(1234.0, "EUR"), "1,234 EUR");
        assert_eq!(amount(12.34, "GPU-h"), "12.3 GPU-h");
    }

    #[test]
    fn the_chart_burns_up_by_day_then_dashes_the_pace_to_the_budget() {
        let budgets = MonthBudgets {
            from_ms: NOVEMBER,
            to_ms: NOVEMBER + 30 * DAY,
            as_of_ms: NOVEMBER + 10 * DAY,
            known_from_ms: None,
            lines: vec![line(Some(NOVEMBER + 20 * DAY))],
        };
        let option: serde_json::Value =
            serde_json::from_str(burn_up_option(&budgets).json()).unwrap();
        let series = option["series"].as_array().unwrap();
        assert_eq!(series.len(), 3);
        assert_eq!(series[0]["name"], "vision");
        assert_eq!(series[0]["data"][9], serde_json::json!([10.0, 50.0]));
        assert_eq!(series[1]["name"], "vision, at this pace");
        assert_eq!(series[1]["data"][1], serde_json::json!([30.0, 150.0]));
        assert_eq!(series[2]["name"], "Budget");
    }
}
