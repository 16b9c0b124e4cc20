//! Costs and budgets from the ledger's sums (server only): a group's GPU-seconds by node
//! pool at the configured prices, and each budgeted project's month.

use std::collections::{BTreeMap, HashSet};

use ledger::{
    budgets::{Amount, Budget, month_of, project},
    prices::Prices,
    store::Store,
    summary::GpuSeconds,
};

use super::{BudgetLine, Cost, MonthBudgets};
use crate::error::AppError;

/// What `by_pool` cost at `prices`; pools without a price cost nothing and are added
/// to `unpriced`.
pub fn cost_of(
    by_pool: &BTreeMap<String, GpuSeconds>,
    prices: &Prices,
    unpriced: &mut Vec<String>,
) -> Cost {
    let mut cost = Cost::default();
    for (pool, seconds) in by_pool {
        match prices.per_gpu_hour(pool) {
            Some(price) => {
                cost.allocated += seconds.allocated / 3600.0 * price;
                cost.idle += seconds.idle / 3600.0 * price;
            }
            None if seconds.allocated > 0.0 && !unpriced.contains(pool) => {
                unpriced.push(pool.clone());
            }
            None => {}
        }
    }
    cost
}

/// This month's standing of every budgeted project among `visible` (project ids), at
/// `now_ms`, the ledger's hours beginning at `known_from_ms`; `None` when none of them
/// has a budget.
pub async fn month_budgets(
    store: &Store,
    budgets: &[Budget],
    prices: &Prices,
    visible: &HashSet<String>,
    (known_from_ms, now_ms): (i64, i64),
) -> Result<Option<MonthBudgets>, AppError> {
    if budgets.is_empty() {
        return Ok(None);
    }
    let budgeted: Vec<(String, String, &Budget)> = store
        .project_names()
        .await?
        .into_iter()
        .filter(|(id, _)| visible.contains(id))
        .filter_map(|(id, name)| {
            let budget = budgets.iter().find(|b| b.project == name)?;
            Some((id, name, budget))
        })
        .collect();
    if budgeted.is_empty() {
        return Ok(None);
    }
    let month = month_of(now_ms);
    let ids: Vec<String> = budgeted.iter().map(|(id, _, _)| id.clone()).collect();
    let used = store.daily_use(month.0, now_ms, &ids).await?;
    let mut lines: Vec<BudgetLine> = budgeted
        .into_iter()
        .map(|(id, name, budget)| {
            // Each day's use in the budget's unit.
            let mut daily: BTreeMap<i64, f64> = BTreeMap::new();
            for day in used.iter().filter(|u| u.project_id == id) {
                let amount = match budget.amount {
                    Amount::GpuHours(_) => day.seconds.allocated / 3600.0,
                    Amount::Money(_) => {
                        let price = prices.per_gpu_hour(&day.nodepool).unwrap_or(0.0);
                        day.seconds.allocated / 3600.0 * price
                    }
                };
                *daily.entry(day.day_ms).or_default() += amount;
            }
            let daily: Vec<(i64, f64)> = daily.into_iter().collect();
            let standing = project(month, known_from_ms, now_ms, &daily, budget.amount.value());
            BudgetLine {
                project: name,
                unit: match budget.amount {
                    Amount::GpuHours(_) => "GPU-h".to_owned(),
                    Amount::Money(_) => prices.currency().to_owned(),
                },
                budget: budget.amount.value(),
                used: standing.used,
                projected: standing.projected,
                runs_out_ms: standing.runs_out_ms,
                through_day: standing.through_day,
            }
        })
        .collect();
    lines.sort_by(|a, b| {
        (b.projected / b.budget)
            .total_cmp(&(a.projected / a.budget))
            .then_with(|| a.project.cmp(&b.project))
    });
    Ok(Some(MonthBudgets {
        from_ms: month.0,
        to_ms: month.1,
        as_of_ms: now_ms,
        known_from_ms: (known_from_ms > month.0).then_some(known_from_ms),
        lines,
    }))
}
