//! This month's standing of budgeted projects: each day's use in its budget's unit (GPU-
//! hours, or money at the node pools' prices) and where the month is heading. Read by
//! the ledger page's budgets and by the budget alert rule alike.

use std::collections::{BTreeMap, HashSet};

use super::Store;
use crate::{
    budgets::{Amount, Budget, Projection, month_of, project},
    error::LedgerError,
    prices::Prices,
};

/// One budgeted project's month.
#[derive(Clone, Debug, PartialEq)]
pub struct Standing {
    pub project_id: String,
    pub project_name: String,
    pub budget: Budget,
    pub projection: Projection,
}

impl Store {
    /// The month of `now_ms` for every project among `visible` (ids) with one of
    /// `budgets` (by name), the ledger's hours beginning at `known_from_ms`.
    pub async fn month_standing(
        &self,
        budgets: &[Budget],
        prices: &Prices,
        visible: &HashSet<String>,
        (known_from_ms, now_ms): (i64, i64),
    ) -> Result<Vec<Standing>, LedgerError> {
        if budgets.is_empty() {
            return Ok(Vec::new());
        }
        let budgeted: Vec<(String, String, &Budget)> = self
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
            return Ok(Vec::new());
        }
        let month = month_of(now_ms);
        let ids: Vec<String> = budgeted.iter().map(|(id, _, _)| id.clone()).collect();
        let used = self.daily_use(month.0, now_ms, &ids).await?;
        Ok(budgeted
            .into_iter()
            .map(|(id, name, budget)| {
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
                Standing {
                    projection: project(
                        month,
                        known_from_ms,
                        now_ms,
                        &daily,
                        budget.amount.value(),
                    ),
                    project_id: id,
                    project_name: name,
                    budget: budget.clone(),
                }
            })
            .collect())
    }
}
