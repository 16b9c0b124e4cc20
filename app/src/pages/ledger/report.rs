//! The ledger's report as people read it: the ranking table with links to each group's
//! workloads, and the daily trend (chart and table).

use leptos::prelude::*;

use super::{
    amounts::{day, gpu_hours, money, percent},
    coverage::Coverage,
    data::{GpuHours, LedgerDay, LedgerLine},
    view::Grouping,
};
use crate::url_state::UrlState;
use crate::{
    components::{EchartsOption, ServerChart},
    format::format_number_of,
    pages::workloads::view::WorkloadsView,
};
use runai::query::{Filter, FilterField, FilterOp};

/// The workloads table filtered to one group's rows.
fn table_href(group: Grouping, line: &LedgerLine) -> String {
    let field = match group {
        Grouping::Project => FilterField::ProjectId,
        Grouping::Department => FilterField::DepartmentId,
        Grouping::Person => FilterField::SubmittedBy,
        Grouping::Nodepool => FilterField::Nodepool,
    };
    match Filter::new(field, FilterOp::Eq, line.key.clone()) {
        Ok(filter) => WorkloadsView::default().with_filter(filter).href(),
        Err(_) => WorkloadsView::default().href(),
    }
}

#[component]
pub(super) fn Ranking(
    lines: Vec<LedgerLine>,
    group: Grouping,
    caption: String,
    /// The prices' currency, when costs are shown.
    currency: Option<String>,
) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="ledger">
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{group.label()}</th>
                        <th scope="col" class="num">"Allocated GPU-h"</th>
                        <th scope="col" class="num">"Idle GPU-h"</th>
                        <th scope="col" class="num">"Idle share"</th>
                        {currency.is_some().then(|| view! {
                            <th scope="col" class="num">"Idle cost"</th>
                            <th scope="col" class="num">"Allocated cost"</th>
                        })}
                        <th scope="col" class="num">"Used GPU-h"</th>
                        <th scope="col">"Most idle workloads"</th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().map(|line| {
                        let href = table_href(group, &line);
                        let label = line.label.clone();
                        let hours: GpuHours = line.hours;
                        let cost = currency.clone().map(|currency| {
                            let cost = line.cost.unwrap_or_default();
                            view! {
                                <td class="num waste">{money(cost.idle, &currency)}</td>
                                <td class="num">{money(cost.allocated, &currency)}</td>
                            }
                        });
                        view! {
                            <tr>
                                <th scope="row">
                                    <a href=href aria-label=format!("Workloads of {label}")>{line.label.clone()}</a>
                                    {format!(" ({})", format_number_of(line.workloads, "workload", "workloads"))}
                                </th>
                                <td class="num">{gpu_hours(hours.allocated)}</td>
                                <td class="num waste">{gpu_hours(hours.idle)}</td>
                                <td class="num">
                                    <span class="share">
                                        <span class="share-bar" aria-hidden="true">
                                            <span style=format!("width: {:.0}%", hours.idle_share().clamp(0.0, 1.0) * 100.0)></span>
                                        </span>
                                        {percent(hours.idle_share())}
                                    </span>
                                </td>
                                {cost}
                                <td class="num">{gpu_hours(hours.used)}</td>
                                <td>
                                    <ul class="plain">
                                        {line.top_idle.into_iter().map(|w| view! {
                                            <li>
                                                <a href=format!("/workloads/{}", w.id)>{w.name}</a>
                                                {format!(" {} idle GPU-h", gpu_hours(w.idle_h))}
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The trend's numbers, for screen readers and anyone without the chart.
#[component]
pub(super) fn DayTable(days: Vec<LedgerDay>, coverage: Coverage) -> impl IntoView {
    view! {
        <details>
            <summary>"The trend as a table"</summary>
            <table class="ledger-days">
                <caption class="visually-hidden">"GPU-hours per day"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Day (UTC)"</th>
                        <th scope="col" class="num">"Idle GPU-h"</th>
                        <th scope="col" class="num">"Busy GPU-h"</th>
                        <th scope="col" class="num">"Allocated GPU-h"</th>
                        <th scope="col" class="num">"Used GPU-h"</th>
                    </tr>
                </thead>
                <tbody>
                    {days.into_iter().map(|d| view! {
                        <tr>
                            <th scope="row">{day(d.day_ms)} {coverage.partial(d.day_ms).then_some(" (partial)")}</th>
                            <td class="num waste">{gpu_hours(d.hours.idle)}</td>
                            <td class="num">{gpu_hours(d.hours.busy())}</td>
                            <td class="num">{gpu_hours(d.hours.allocated)}</td>
                            <td class="num">{gpu_hours(d.hours.used)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </details>
    }
}

/// The daily trend as stacked bars that add up to the allocated hours: idle (in the
/// colour of waste) and busy; a day the ledger holds only in part is labelled so. The
/// server builds it as it renders the page; the browser renders no pages (only their
/// islands), so there it is empty and charming stays out of the WASM.
pub(super) fn trend_option(days: &[LedgerDay], coverage: &Coverage) -> EchartsOption {
    #[cfg(feature = "ssr")]
    {
        use charming::{
            Chart as ChartOption,
            component::{Axis, Grid},
            element::{AxisType, ItemStyle, Tooltip, Trigger},
            series::Bar,
        };

        use crate::components::{FAILED, SUCCEEDED, bottom_legend};
        let labels: Vec<String> = days
            .iter()
            .map(|d| {
                let date = day(d.day_ms).get(5..).unwrap_or_default().to_owned();
                match coverage.partial(d.day_ms) {
                    true => format!("{date} (partial)"),
                    false => date,
                }
            })
            .collect();
        let tenths = |hours: f64| (hours * 10.0).round() / 10.0;
        let idle: Vec<f64> = days.iter().map(|d| tenths(d.hours.idle)).collect();
        let busy: Vec<f64> = days.iter().map(|d| tenths(d.hours.busy())).collect();
        EchartsOption::from_chart(
            &ChartOption::new()
                .tooltip(Tooltip::new().trigger(Trigger::Axis))
                .legend(bottom_legend())
                .grid(Grid::new().contain_label(true).bottom(48))
                .x_axis(Axis::new().type_(AxisType::Category).data(labels))
                .y_axis(Axis::new().type_(AxisType::Value).name("GPU-h"))
                .series(
                    Bar::new()
                        .name("Idle")
                        .stack("hours")
                        .item_style(ItemStyle::new().color(FAILED))
                        .data(idle),
                )
                .series(
                    Bar::new()
                        .name("Busy")
                        .stack("hours")
                        .item_style(ItemStyle::new().color(SUCCEEDED))
                        .data(busy),
                ),
        )
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (days, coverage);
        EchartsOption::default()
    }
}

/// The `id` of the part whose charts [`LedgerChartsDrawn`] draws.
const CHARTS_ID: &str = "ledger-charts";

/// The daily trend's chart, as the server built it ([`trend_option`]).
#[component]
pub(super) fn LedgerTrend(option: EchartsOption) -> impl IntoView {
    view! { <ServerChart label="Idle and used GPU-hours per day" option/> }
}

/// The part of the page holding its charts (the trend, the budgets), and the island
/// that draws them.
#[component]
pub(super) fn LedgerCharts(children: Children) -> impl IntoView {
    view! {
        <div id=CHARTS_ID>
            {children()}
            <LedgerChartsDrawn/>
        </div>
    }
}

/// Draws the page's charts. Lazy: its code loads on this page only; no props.
#[island(lazy)]
fn LedgerChartsDrawn() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        use crate::components::{EchartsBuild, draw_server_charts};
        let _ = draw_server_charts(CHARTS_ID, EchartsBuild::Bars, None);
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_trend_stacks_idle_and_busy_hours_per_day_and_marks_partial_days() {
        let days = [LedgerDay {
            day_ms: 1_764_892_800_000,
            hours: GpuHours {
                allocated: 10.0,
                idle: 2.04,
                used: 7.96,
            },
        }];
        let whole = Coverage {
            from_ms: 0,
            to_ms: i64::MAX / 2,
            asked_from_ms: 0,
        };
        let option: serde_json::Value =
            serde_json::from_str(trend_option(&days, &whole).json()).unwrap();
        assert_eq!(option["series"][0]["name"], "Idle");
        assert_eq!(option["series"][0]["type"], "bar");
        assert_eq!(option["series"][0]["data"][0], 2.0, "one decimal");
        assert_eq!(option["series"][1]["name"], "Busy");
        assert_eq!(
            option["series"][1]["data"][0], 8.0,
            "idle + busy = allocated"
        );
        assert_eq!(option["xAxis"]["data"][0], "12-05");
        let today_so_far = Coverage {
            to_ms: days[0].day_ms + 3_600_000,
            ..whole
        };
        let option: serde_json::Value =
            serde_json::from_str(trend_option(&days, &today_so_far).json()).unwrap();
        assert_eq!(option["xAxis"]["data"][0], "12-05 (partial)");
    }
}
