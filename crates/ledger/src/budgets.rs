//! Monthly budgets per project, in GPU-hours or money, and where a month's use is
//! heading at its pace so far. Configured as `vision=2000h,nlp=15000` (`h`: GPU-hours;
//! a bare number: money, in the prices' currency).

use chrono::{DateTime, Datelike, TimeZone, Utc};

use crate::prices::PricesError;

/// Projects with a budget, at most.
pub const MAX_BUDGETS: usize = 200;
/// The largest budget taken, in either unit.
pub const MAX_AMOUNT: f64 = 1e9;

/// A month's allowance.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Amount {
    GpuHours(f64),
    /// In the prices' currency.
    Money(f64),
}

impl Amount {
    /// The number, whatever its unit.
    pub fn value(self) -> f64 {
        match self {
            Amount::GpuHours(v) | Amount::Money(v) => v,
        }
    }
}

/// One project's monthly budget.
#[derive(Clone, Debug, PartialEq)]
pub struct Budget {
    /// The project's name, as people call it.
    pub project: String,
    pub amount: Amount,
}

/// Reads `items` (`project=<n>h` in GPU-hours, `project=<n>` in money).
pub fn parse_budgets(items: &[String]) -> Result<Vec<Budget>, PricesError> {
    let bad = |why: String| Err(PricesError(why));
    if items.len() > MAX_BUDGETS {
        return bad(format!("at most {MAX_BUDGETS} projects have a budget"));
    }
    let mut budgets: Vec<Budget> = Vec::new();
    for item in items {
        let Some((project, amount)) = item.split_once('=') else {
            return bad(format!("“{item}” is not project=amount"));
        };
        let (project, amount) = (project.trim(), amount.trim());
        if project.is_empty() {
            return bad(format!("“{item}” names no project"));
        }
        if budgets.iter().any(|b| b.project == project) {
            return bad(format!("{project} has two budgets"));
        }
        let (number, hours) = match amount.strip_suffix('h') {
            Some(number) => (number, true),
            None => (amount, false),
        };
        let value = match number.trim().parse::<f64>() {
            Ok(v) if v.is_finite() && v > 0.0 && v <= MAX_AMOUNT => v,
            _ => {
                return bad(format!(
                    "“{amount}” is not an amount above 0 (GPU-hours as 2000h, money as 15000) for {project}"
                ));
            }
        };
        budgets.push(Budget {
            project: project.to_owned(),
            amount: if hours {
                Amount::GpuHours(value)
            } else {
                Amount::Money(value)
            },
        });
    }
    Ok(budgets)
}

/// The UTC calendar month holding `at_ms`: its first instant and the next month's.
pub fn month_of(at_ms: i64) -> (i64, i64) {
    let at: DateTime<Utc> = Utc.timestamp_millis_opt(at_ms).single().unwrap_or_default();
    let first = |year: i32, month: u32| {
        Utc.with_ymd_and_hms(year, month, 1, 0, 0, 0)
            .single()
            .map_or(at_ms, |t| t.timestamp_millis())
    };
    let (year, month) = (at.year(), at.month());
    let next = if month == 12 {
        first(year + 1, 1)
    } else {
        first(year, month + 1)
    };
    (first(year, month), next)
}

/// Where a month's use stands and is heading.
#[derive(Clone, Debug, PartialEq)]
pub struct Projection {
    /// Used so far this month.
    pub used: f64,
    /// Used by the month's end at its pace so far (what was used ÷ the time gone).
    pub projected: f64,
    /// When the use reached the budget (already) or reaches it at that pace (this
    /// month); `None`: not this month.
    pub runs_out_ms: Option<i64>,
    /// Each day so far (its start) and the use through its end.
    pub through_day: Vec<(i64, f64)>,
}

/// Where `daily` use (`(day start, used that day)`, UTC days of `month`) stands against
/// `budget` at `now_ms`, the use known from `known_from_ms` on (a ledger that began
/// within the month knows nothing before): the pace is that of the known part.
pub fn project(
    month: (i64, i64),
    known_from_ms: i64,
    now_ms: i64,
    daily: &[(i64, f64)],
    budget: f64,
) -> Projection {
    let (start, end) = month;
    let now_ms = now_ms.clamp(start, end);
    let known_from_ms = known_from_ms.clamp(start, now_ms);
    let mut days: Vec<(i64, f64)> = daily
        .iter()
        .copied()
        .filter(|(day, _)| (start..now_ms).contains(day))
        .collect();
    days.sort_by_key(|(day, _)| *day);
    let mut used = 0.0;
    let mut reached = None;
    let mut through_day = Vec::with_capacity(days.len());
    for (day, amount) in days {
        used += amount;
        if reached.is_none() && used >= budget {
            reached = Some(day);
        }
        through_day.push((day, used));
    }
    let gone = (now_ms - known_from_ms) as f64;
    let pace = if gone > 0.0 { used / gone } else { 0.0 };
    let projected = used + pace * (end - now_ms) as f64;
    let runs_out_ms = reached.or_else(|| {
        let at = now_ms as f64 + (budget - used) / pace;
        (pace > 0.0 && at < end as f64).then_some(at as i64)
    });
    Projection {
        used,
        projected,
        runs_out_ms,
        through_day,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = crate::calendar::DAY_MS;

    fn items(text: &str) -> Vec<String> {
        text.split(',').map(str::to_owned).collect()
    }

    #[test]
    fn budgets_are_gpu_hours_or_money() {
        let budgets = parse_budgets(&items("vision=2000h, nlp = 15000.5")).unwrap();
        assert_eq!(budgets[0].amount, Amount::GpuHours(2000.0));
        assert_eq!(budgets[1].project, "nlp");
        assert_eq!(budgets[1].amount, Amount::Money(15000.5));
        let said = |text: &str| parse_budgets(&items(text)).unwrap_err().0;
        assert!(said("vision").contains("is not project=amount"));
        assert!(said("vision=0h").contains("not an amount above 0"));
        assert!(said("vision=lots").contains("not an amount above 0"));
        assert!(said("=5").contains("names no project"));
        assert!(said("a=1,a=2").contains("two budgets"));
    }

    #[test]
    fn months_are_utc_calendar_months() {
        // 2026-12-06 01:00 UTC: December, into January.
        let (start, end) = month_of(1_796_518_800_000);
        assert_eq!(crate::calendar::day_text(start), "2026-12-01");
        assert_eq!(crate::calendar::day_text(end), "2027-01-01");
        assert_eq!((end - start) / DAY, 31);
        let (feb, march) = month_of(1_803_000_000_000);
        assert_eq!((march - feb) / DAY, 28, "February 2027");
    }

    #[test]
    fn a_month_at_half_its_budget_by_a_third_runs_out_two_thirds_in() {
        // A 30-day month (November 2026), 10 days gone, 50 a day of a 1,000 budget.
        let month = month_of(1_793_491_200_000 + 3 * DAY);
        assert_eq!((month.1 - month.0) / DAY, 30);
        let daily: Vec<(i64, f64)> = (0..10).map(|d| (month.0 + d * DAY, 50.0)).collect();
        let now = month.0 + 10 * DAY;
        let p = project(month, month.0, now, &daily, 1_000.0);
        assert_eq!(p.used, 500.0);
        assert_eq!(p.projected, 1_500.0);
        assert_eq!(p.runs_out_ms, Some(month.0 + 20 * DAY));
        assert_eq!(p.through_day.last(), Some(&(month.0 + 9 * DAY, 500.0)));
        // At that pace a 2,000 budget lasts the month.
        assert_eq!(
            project(month, month.0, now, &daily, 2_000.0).runs_out_ms,
            None
        );
        // Already past: the day it was reached.
        let spent = project(month, month.0, now, &daily, 120.0);
        assert_eq!(spent.runs_out_ms, Some(month.0 + 2 * DAY));
        // Days outside the month, or not yet come, do not count; nothing used: no end.
        let stray = [(month.0 - DAY, 999.0), (now + DAY, 999.0)];
        let none = project(month, month.0, now, &stray, 1_000.0);
        assert_eq!(
            (none.used, none.projected, none.runs_out_ms),
            (0.0, 0.0, None)
        );
        let first_instant = project(month, month.0, month.0, &daily, 1_000.0);
        assert_eq!(first_instant.projected, 0.0);
        // A ledger that began on day 6 knows days 6–10 only: their pace, 50 a day.
        let known: Vec<(i64, f64)> = daily[5..].to_vec();
        let late = project(month, month.0 + 5 * DAY, now, &known, 1_000.0);
        assert_eq!((late.used, late.projected), (250.0, 250.0 + 20.0 * 50.0));
    }
}
