//! Where the ledger page's numbers come from (server only): the store the collector
//! fills, and who may see which project's rows.

use ledger::{
    accounts::ServiceAccounts,
    budgets::Budget,
    prices::Prices,
    store::{ReportQuery, Store},
    visibility::Visibility,
};
use runai::client::{Credentials, RunaiClient};

use super::{
    CollectionProgress, GpuHours, IdleWorkload, LedgerAnswer, LedgerDay, LedgerLine, Pricing,
    costing::{cost_of, month_budgets},
};
use crate::{
    error::AppError,
    pages::ledger::view::{Grouping, LedgerWindow},
};

/// The ledger as the page reads it (provided as context by the server). Cheap to
/// clone: every request is handed one.
#[derive(Clone)]
pub struct LedgerSource {
    parts: std::sync::Arc<Parts>,
}

/// How the page reads the ledger's sums: what idle is, who is a service account, what
/// GPU time costs and each project's monthly budget.
pub struct LedgerTerms {
    pub idle_threshold_percent: f64,
    pub service_accounts: ServiceAccounts,
    pub prices: Prices,
    pub budgets: Vec<Budget>,
}

struct Parts {
    store: Result<Store, AppError>,
    visibility: Visibility,
    not_collecting: Option<String>,
    terms: LedgerTerms,
}

impl LedgerSource {
    /// The page's source: `store` (or why it could not be opened), the client that asks
    /// who may see what, why no collector runs, if none does, and its `terms`.
    pub fn new(
        store: Result<Store, AppError>,
        client: RunaiClient,
        not_collecting: Option<String>,
        terms: LedgerTerms,
    ) -> Self {
        let parts = Parts {
            store,
            visibility: Visibility::new(client),
            not_collecting,
            terms,
        };
        Self {
            parts: std::sync::Arc::new(parts),
        }
    }

    fn store(&self) -> Result<&Store, AppError> {
        self.parts.store.as_ref().map_err(Clone::clone)
    }

    /// The page's answer.
    pub async fn answer(
        &self,
        credentials: &Credentials,
        window: &LedgerWindow,
        grouping: Grouping,
        now_ms: i64,
    ) -> Result<LedgerAnswer, AppError> {
        let store = self.store()?;
        let (from_ms, to_ms) = window.span(now_ms);
        let projects = store.project_ids().await?;
        let visible = self
            .parts
            .visibility
            .projects(credentials, projects)
            .await?;
        let report = store
            .report(&ReportQuery {
                from_ms,
                to_ms,
                grouping,
                projects: Some(visible.iter().cloned().collect()),
            })
            .await?;
        let state = store.state().await?;
        let terms = &self.parts.terms;
        let hours = |s: ledger::summary::GpuSeconds| GpuHours {
            allocated: s.allocated / 3600.0,
            idle: s.idle / 3600.0,
            used: s.used / 3600.0,
        };
        let priced = terms.prices.is_set();
        let mut unpriced = Vec::new();
        let mut cost = |by_pool| priced.then(|| cost_of(by_pool, &terms.prices, &mut unpriced));
        let total_cost = cost(&report.total_by_pool);
        let costs: Vec<_> = report.rows.iter().map(|row| cost(&row.by_pool)).collect();
        // The month stands as far as the ledger is collected, from where it begins.
        let known = state.as_ref().map_or((now_ms, now_ms), |s| {
            (s.backfill_from_ms, s.collected_to_ms.min(now_ms))
        });
        let budgets = month_budgets(store, &terms.budgets, &terms.prices, &visible, known).await?;
        Ok(LedgerAnswer {
            from_ms,
            to_ms,
            lines: report
                .rows
                .into_iter()
                .zip(costs)
                .map(|(row, cost)| LedgerLine {
                    service_account: grouping == Grouping::Person
                        && terms.service_accounts.is_service_account(&row.key),
                    key: row.key,
                    label: row.label,
                    hours: hours(row.seconds),
                    cost,
                    workloads: row.workloads,
                    top_idle: row
                        .top_idle
                        .into_iter()
                        .map(|w| IdleWorkload {
                            id: w.id,
                            name: w.name,
                            idle_h: w.idle_s / 3600.0,
                        })
                        .collect(),
                })
                .collect(),
            days: report
                .days
                .into_iter()
                .map(|d| LedgerDay {
                    day_ms: d.day_ms,
                    hours: hours(d.seconds),
                })
                .collect(),
            total: hours(report.total),
            idle_threshold_percent: state
                .as_ref()
                .map_or(terms.idle_threshold_percent, |s| s.idle_threshold_percent),
            progress: state.map(|s| CollectionProgress {
                collected_to_ms: s.collected_to_ms,
                backfill_from_ms: s.backfill_from_ms,
                round_to_ms: s.round_to_ms,
                round_done: s.round_done,
                round_total: s.round_total,
            }),
            not_collecting: self.parts.not_collecting.clone(),
            pricing: priced.then(|| Pricing {
                currency: terms.prices.currency().to_owned(),
                unpriced_pools: unpriced,
            }),
            total_cost,
            budgets,
        })
    }
}
