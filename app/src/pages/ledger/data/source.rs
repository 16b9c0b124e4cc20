//! Where the ledger page's numbers come from (server only): the store the collector
//! fills, and who may see which project's rows.

use std::{collections::HashSet, sync::Arc, time::Duration};

use ledger::store::{Grouping, ReportQuery, Store};
use runai::{
    client::{CallerKey, Credentials, RunaiClient},
    model::TelemetryType,
    query::{Filter, FilterField, FilterOp, GroupBy, TelemetryQuery, WorkloadSelection},
};

use super::{CollectionProgress, GpuHours, IdleWorkload, LedgerAnswer, LedgerDay, LedgerLine};
use crate::{
    error::AppError,
    pages::ledger::view::{LedgerGroup, LedgerWindow},
};

/// How long who-sees-what is remembered per caller.
const VISIBILITY_TTL: Duration = Duration::from_secs(300);
/// Access keys remembered at once.
const VISIBILITY_ENTRIES: u64 = 10_000;

/// The ledger as the page reads it (provided as context by the server).
#[derive(Clone)]
pub struct LedgerSource {
    store: Result<Store, String>,
    client: RunaiClient,
    not_collecting: Option<String>,
    idle_threshold_percent: f64,
    /// Keyed as every per-caller cache is (kind, principal, keyed hash of the secret):
    /// two identities of the same name never share what they may see.
    visible: moka::future::Cache<CallerKey, Arc<HashSet<String>>>,
}

impl LedgerSource {
    /// The page's source: `store` (or why it could not be opened), the client that asks
    /// who may see what, and why no collector runs, if none does.
    pub fn new(
        store: Result<Store, String>,
        client: RunaiClient,
        not_collecting: Option<String>,
        idle_threshold_percent: f64,
    ) -> Self {
        Self {
            store,
            client,
            not_collecting,
            idle_threshold_percent,
            visible: moka::future::Cache::builder()
                .max_capacity(VISIBILITY_ENTRIES)
                .time_to_live(VISIBILITY_TTL)
                .build(),
        }
    }

    fn store(&self) -> Result<&Store, AppError> {
        self.store.as_ref().map_err(|why| {
            AppError::unavailable(format!("the ledger's store is unavailable: {why}"))
        })
    }

    /// The project ids `credentials` can see among `projects`: those with live workloads
    /// it can list (one telemetry call), and those with deleted ones (a count each for
    /// the rest). Remembered per caller for five minutes.
    async fn visible(
        &self,
        credentials: &Credentials,
        projects: Vec<String>,
    ) -> Result<Arc<HashSet<String>>, AppError> {
        let key = credentials.cache_key();
        if let Some(known) = self.visible.get(&key).await {
            return Ok(known);
        }
        let mut query = TelemetryQuery::new(TelemetryType::WorkloadsCount);
        query.group_by = vec![GroupBy::ProjectId];
        let live = self.client.workloads_telemetry(credentials, &query).await?;
        let mut seen: HashSet<String> = live
            .values
            .iter()
            .flat_map(|v| v.groups.iter().flatten())
            .filter(|g| g.value != "0")
            .map(|g| g.value.clone())
            .collect();
        let rest: Vec<String> = projects.into_iter().filter(|p| !seen.contains(p)).collect();
        let counts = futures_util::future::join_all(rest.iter().map(|project| async move {
            let filter = Filter::new(FilterField::ProjectId, FilterOp::Eq, project.clone())
                .map_err(|err| AppError::internal(err.to_string()))?;
            let selection = WorkloadSelection {
                deleted: Some(true),
                filter_by: vec![filter],
                search: None,
            };
            let count = self.client.count_workloads(credentials, &selection).await?;
            Ok::<_, AppError>((project.clone(), count))
        }))
        .await;
        for answer in counts {
            let (project, count) = answer?;
            if count > 0 {
                seen.insert(project);
            }
        }
        let seen = Arc::new(seen);
        self.visible.insert(key, seen.clone()).await;
        Ok(seen)
    }

    /// The page's answer.
    pub async fn answer(
        &self,
        credentials: &Credentials,
        window: &LedgerWindow,
        group: LedgerGroup,
        now_ms: i64,
    ) -> Result<LedgerAnswer, AppError> {
        let store = self.store()?;
        let unavailable = |err: ledger::LedgerError| AppError::unavailable(err.to_string());
        let (from_ms, to_ms) = window.span(now_ms);
        let projects = store.project_ids().await.map_err(unavailable)?;
        let visible = self.visible(credentials, projects).await?;
        let report = store
            .report(&ReportQuery {
                from_ms,
                to_ms,
                grouping: grouping(group),
                projects: Some(visible.iter().cloned().collect()),
            })
            .await
            .map_err(unavailable)?;
        let state = store.state().await.map_err(unavailable)?;
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
                .map_or(self.idle_threshold_percent, |s| s.idle_threshold_percent),
            progress: state.map(|s| CollectionProgress {
                collected_to_ms: s.collected_to_ms,
                backfill_from_ms: s.backfill_from_ms,
                round_to_ms: s.round_to_ms,
                round_done: s.round_done,
                round_total: s.round_total,
            }),
            not_collecting: self.not_collecting.clone(),
        })
    }
}

fn grouping(group: LedgerGroup) -> Grouping {
    match group {
        LedgerGroup::Project => Grouping::Project,
        LedgerGroup::Department => Grouping::Department,
        LedgerGroup::Person => Grouping::Person,
        LedgerGroup::Nodepool => Grouping::Nodepool,
    }
}
