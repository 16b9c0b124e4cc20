//! Where the ledger page's numbers come from (server only): the store the collector
//! fills, and who may see which project's rows.

use ledger::{
    accounts::ServiceAccounts,
    store::{ReportQuery, Store},
    visibility::Visibility,
};
use runai::client::{Credentials, RunaiClient};

use super::{CollectionProgress, GpuHours, IdleWorkload, LedgerAnswer, LedgerDay, LedgerLine};
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

struct Parts {
    store: Result<Store, AppError>,
    visibility: Visibility,
    not_collecting: Option<String>,
    idle_threshold_percent: f64,
    service_accounts: ServiceAccounts,
}

impl LedgerSource {
    /// The page's source: `store` (or why it could not be opened), the client that asks
    /// who may see what, why no collector runs, if none does, the idle threshold, and
    /// which submitters are service accounts.
    pub fn new(
        store: Result<Store, AppError>,
        client: RunaiClient,
        not_collecting: Option<String>,
        idle_threshold_percent: f64,
        service_accounts: ServiceAccounts,
    ) -> Self {
        let parts = Parts {
            store,
            visibility: Visibility::new(client),
            not_collecting,
            idle_threshold_percent,
            service_accounts,
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
        let hours = |s: ledger::summary::GpuSeconds| GpuHours {
            allocated: s.allocated / 3600.0,
            idle: s.idle / 3600.0,
            used: s.used / 3600.0,
        };
        Ok(LedgerAnswer {
            from_ms,
            to_ms,
            lines: report
                .rows
                .into_iter()
                .map(|row| LedgerLine {
                    service_account: grouping == Grouping::Person
                        && self.parts.service_accounts.is_service_account(&row.key),
                    key: row.key,
                    label: row.label,
                    hours: hours(row.seconds),
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
                .map_or(self.parts.idle_threshold_percent, |s| {
                    s.idle_threshold_percent
                }),
            progress: state.map(|s| CollectionProgress {
                collected_to_ms: s.collected_to_ms,
                backfill_from_ms: s.backfill_from_ms,
                round_to_ms: s.round_to_ms,
                round_done: s.round_done,
                round_total: s.round_total,
            }),
            not_collecting: self.parts.not_collecting.clone(),
        })
    }
}
