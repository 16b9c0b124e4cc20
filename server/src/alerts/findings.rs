//! What holds for one rule now: the workloads its filter selects that fail, wait too
//! long (or past the queue's estimate) or waste their GPUs, or the project over its
//! idle share or heading past its budget, each in words for a message. Read with the
//! collector's key, through the read cache and within the collector's budget of calls,
//! and narrowed to the projects the rule's owner could see when they last signed in.

use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
};

use app::{error::AppError, format::format_millis, queue::reads::Memo};
use ledger::{
    LedgerError,
    alert_rule::{Condition, parse_filters},
    collector::Budget,
    gpu_state::GpuState,
    store::{Finding, Store},
};
use runai::{
    client::{Credentials, RunaiClient},
    model::{Phase, Timestamp, Workload},
    query::{Filter, FilterField, FilterOp, ListQuery, SortBy, SortOrder, WorkloadSelection},
};

use super::{
    Terms,
    estimate_findings::{Budgeted, PassSource, past_estimate},
    project_findings,
};

/// Rows one list reads at most (four calls).
const MAX_ROWS: usize = 2_000;
/// A failure's message in a finding, at most this many characters.
const MESSAGE_CHARS: usize = 200;

/// The lists one pass has read, by their query, so rules on the same filter share them.
#[derive(Default)]
pub struct Lists {
    read: HashMap<String, Arc<Vec<Workload>>>,
}

/// What a pass reads with: the upstream, the collector's key and budget, the store.
pub struct Reader<'a> {
    pub client: &'a RunaiClient,
    pub credentials: &'a Credentials,
    pub budget: &'a Budget,
    pub store: &'a Store,
    pub terms: &'a Terms,
}

impl Reader<'_> {
    /// Every workload (up to [`MAX_ROWS`]) `filters` select, each call within budget.
    async fn list(
        &self,
        lists: &mut Lists,
        filters: Vec<Filter>,
    ) -> Result<Arc<Vec<Workload>>, LedgerError> {
        let key = filters
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",");
        if let Some(rows) = lists.read.get(&key) {
            return Ok(rows.clone());
        }
        let mut query = ListQuery {
            selection: WorkloadSelection {
                deleted: None,
                filter_by: filters,
                search: None,
            },
            offset: None,
            limit: Some(app::every_page::PAGE),
            sort_by: Some(SortBy::CreatedAt),
            sort_order: Some(SortOrder::Asc),
        };
        let mut rows = Vec::new();
        while rows.len() < MAX_ROWS {
            self.budget.take().await;
            let page = self.client.list_workloads(self.credentials, &query).await?;
            rows.extend(page.workloads.iter().cloned());
            let offset = query.offset.unwrap_or(0);
            match app::every_page::next_offset(offset, page.next, page.workloads.len())? {
                Some(next) => query.offset = Some(next),
                None => break,
            }
        }
        let rows = Arc::new(rows);
        lists.read.insert(key, rows.clone());
        Ok(rows)
    }

    /// What holds for `condition` (a rule made at `made_ms`) at `now_ms`, among the
    /// projects `visible`.
    pub async fn findings(
        &self,
        lists: &mut Lists,
        condition: &Condition,
        made_ms: i64,
        visible: &HashSet<String>,
        now_ms: i64,
    ) -> Result<Vec<Finding>, AppError> {
        let selected = |filter: &str, phase: Phase| -> Result<Vec<Filter>, LedgerError> {
            let mut filters =
                parse_filters(filter).map_err(|err| LedgerError::Query(err.to_string()))?;
            filters.push(word_filter(
                FilterField::Phase,
                FilterOp::Eq,
                phase.as_str(),
            )?);
            Ok(filters)
        };
        let seen = |w: &&Workload| visible.contains(&w.project_id);
        let found = match condition {
            Condition::Fails { filter } => {
                let mut filters = selected(filter, Phase::Failed)?;
                // Failures after the rule was made: it never reports history.
                let since = Timestamp::from_unix_millis(made_ms)
                    .map(|t| t.to_string())
                    .unwrap_or_default();
                filters.push(word_filter(FilterField::CompletedAt, FilterOp::Ge, &since)?);
                let rows = self.list(lists, filters).await?;
                rows.iter()
                    .filter(seen)
                    .map(|w| {
                        let said = w.phase_message.as_deref().unwrap_or("").trim();
                        let said: String = said.chars().take(MESSAGE_CHARS).collect();
                        let detail = match said.is_empty() {
                            true => "failed".to_owned(),
                            false => format!("failed: {said}"),
                        };
                        workload_finding(w, detail)
                    })
                    .collect()
            }
            Condition::PendingLongerThan { filter, minutes } => {
                let rows = self.list(lists, selected(filter, Phase::Pending)?).await?;
                let longer = i64::from(*minutes) * 60_000;
                rows.iter()
                    .filter(seen)
                    .filter_map(|w| {
                        let waited = now_ms - w.phase_updated_at.unix_millis();
                        (waited >= longer)
                            .then(|| workload_finding(w, format!("waiting for {}", span(waited))))
                    })
                    .collect()
            }
            Condition::GpusDoingNothing { filter, minutes }
            | Condition::HoldsIdleGpus { filter, minutes } => {
                let idle_too = matches!(condition, Condition::HoldsIdleGpus { .. });
                let rows = self.list(lists, selected(filter, Phase::Running)?).await?;
                let ids: Vec<String> = rows.iter().filter(seen).map(|w| w.id.to_string()).collect();
                let states = self.store.gpu_states_of(&ids).await?;
                let longer = i64::from(*minutes) * 60_000;
                rows.iter()
                    .filter(seen)
                    .filter_map(|w| {
                        let checked = states.get(&w.id.to_string())?;
                        let (since_ms, what) = match checked.state {
                            GpuState::Stalled { since_ms, .. } => (since_ms, "stalled"),
                            GpuState::NeverUsed { since_ms } => (since_ms, "never used"),
                            GpuState::Idle { since_ms } if idle_too => (since_ms, "idle"),
                            _ => return None,
                        };
                        let held = now_ms - since_ms;
                        (held >= longer).then(|| {
                            let gpus = checked.gpus_held;
                            workload_finding(w, format!("{gpus} GPUs {what} for {}", span(held)))
                        })
                    })
                    .collect()
            }
            Condition::ProjectIdleShare { project, percent } => {
                project_findings::idle_share(self.store, project, *percent, visible, now_ms).await?
            }
            Condition::ProjectOverBudget { project } => {
                project_findings::over_budget(self.store, self.terms, project, visible, now_ms)
                    .await?
            }
            Condition::WeeklyDigest {} => {
                project_findings::weekly_digest(self.store, visible, now_ms).await?
            }
            Condition::PendingPastEstimate { filter } => {
                let rows = self.list(lists, selected(filter, Phase::Pending)?).await?;
                let pending: Vec<&Workload> = rows.iter().filter(seen).collect();
                let source = PassSource::new(Budgeted {
                    client: self.client,
                    credentials: self.credentials,
                    budget: self.budget,
                });
                past_estimate(&source, &Memo::default(), &pending, now_ms)
                    .await?
                    .into_iter()
                    .map(|(w, detail)| workload_finding(w, detail))
                    .collect()
            }
        };
        Ok(found)
    }
}

fn word_filter(field: FilterField, op: FilterOp, word: &str) -> Result<Filter, LedgerError> {
    Filter::new(field, op, word.to_owned()).map_err(|err| LedgerError::Query(err.to_string()))
}

fn workload_finding(w: &Workload, detail: String) -> Finding {
    Finding {
        subject: w.id.to_string(),
        title: w.name.clone(),
        project: w.project_name.clone(),
        detail,
        link: format!("/workloads/{}", w.id),
    }
}

/// "2 h 05 min", "12 min 00 s".
fn span(ms: i64) -> String {
    format_millis(u64::try_from(ms).unwrap_or(0))
}
