//! Costs and budgets from the ledger's sums (server only): a group's GPU-seconds by node
//! pool at the configured prices, and each budgeted project's month.

use std::collections::{BTreeMap, HashSet};

use ledger::{
    budgets::{Amount, Budget, month_of},
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
    let month = month_of(now_ms);
    let standing = store
        .month_standing(budgets, prices, visible, (known_from_ms, now_ms))
        .await?;
    if standing.is_empty() {
        return Ok(None);
    }
    let mut lines: Vec<BudgetLine> = standing
        .into_iter()
        .map(|line| BudgetLine {
            project: line.project_name,
            unit: match line.budget.amount {
                Amount::GpuHours(_) => "GPU-h".to_owned(),
                Amount::Money(_) => prices.currency().to_owned(),
            },
            budget: line.budget.amount.value(),
            used: line.projection.used,
            projected: line.projection.projected,
            runs_out_ms: line.projection.runs_out_ms,
            through_day: line.projection.through_day,
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
