//! The simulated control plane's data: every workload ever submitted, and the
//! list/count/get answers computed from it at an instant.

use std::{
    collections::HashMap,
    sync::{
        RwLock,
        atomic::{AtomicU64, Ordering},
    },
};

use runai::{
    model::{WorkloadDetailed, WorkloadList},
    query::{FilterField, ListQuery, SortOrder, WorkloadSelection},
};
use uuid::Uuid;

use super::{
    fields,
    generate::{self, SimWorkload},
    lifecycle::{self, Status},
    materialize,
    org::Org,
    scheduler::{PoolSpec, Scheduler},
};

const HOUR_MS: i64 = 3_600_000;
/// The list endpoint's default page size.
const DEFAULT_LIMIT: usize = 50;

/// Whose eyes a request is answered for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Sees everything (an admin access key).
    All,
    /// Sees one department (by id).
    Department(String),
}

/// Why one workload cannot be shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup {
    NotFound,
    Forbidden,
}

struct Workloads {
    all: Vec<SimWorkload>,
    by_id: HashMap<Uuid, usize>,
    scheduler: Scheduler,
}

/// The cluster: an organization and its workloads, growing as time passes.
pub struct Cluster {
    pub seed: u64,
    pub org: Org,
    start_ms: i64,
    arrivals_per_hour: f64,
    workloads: RwLock<Workloads>,
    /// Hours after start whose arrivals have been generated and scheduled.
    generated_epochs: AtomicU64,
}

impl Cluster {
    /// Generates the cluster for `seed` with `size` workloads of history before `start_ms`.
    pub fn new(seed: u64, size: u64, start_ms: i64) -> Self {
        let org = Org::new(seed);
        let arrivals_per_hour = size as f64 / (generate::HISTORY_MS / HOUR_MS) as f64;
        let all = generate::initial(seed, arrivals_per_hour, start_ms, &org);
        let by_id = all.iter().enumerate().map(|(i, w)| (w.id, i)).collect();
        let mut scheduler = Scheduler::for_load(
            seed,
            &org,
            arrivals_per_hour,
            start_ms - generate::HISTORY_MS,
        );
        for (index, w) in all.iter().enumerate() {
            scheduler.admit(index, w, &org);
        }
        let cluster = Self {
            seed,
            org,
            start_ms,
            arrivals_per_hour,
            workloads: RwLock::new(Workloads {
                all,
                by_id,
                scheduler,
            }),
            generated_epochs: AtomicU64::new(0),
        };
        cluster.advance_to(start_ms);
        cluster
    }

    /// The node pools: their GPU capacity and the projects' quotas in them.
    pub fn pools(&self) -> Vec<PoolSpec> {
        self.read().scheduler.pools().cloned().collect()
    }

    /// How many workloads exist in the store (any phase, deleted included, arrived or not).
    pub fn len(&self) -> usize {
        self.read().all.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Workloads> {
        self.workloads.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Makes sure every workload that has arrived by `now_ms` exists, and the scheduler
    /// has decided everything up to the end of that hour (ahead of the clock is safe: a
    /// decision depends only on what happened before it).
    fn advance_to(&self, now_ms: i64) {
        let needed = ((now_ms - self.start_ms).max(0) / HOUR_MS) as u64 + 1;
        if self.generated_epochs.load(Ordering::Acquire) >= needed {
            return;
        }
        let mut workloads = self.workloads.write().unwrap_or_else(|p| p.into_inner());
        let mut epoch = self.generated_epochs.load(Ordering::Acquire);
        while epoch < needed {
            let first = workloads.all.len() as u64;
            let new = generate::arrivals(
                self.seed,
                epoch,
                first,
                self.arrivals_per_hour,
                self.start_ms,
                &self.org,
            );
            for w in new {
                let position = workloads.all.len();
                workloads.by_id.insert(w.id, position);
                workloads.scheduler.admit(position, &w, &self.org);
                workloads.all.push(w);
            }
            epoch += 1;
        }
        let Workloads { all, scheduler, .. } = &mut *workloads;
        scheduler.advance(all, self.start_ms + epoch as i64 * HOUR_MS - 1);
        self.generated_epochs.store(epoch, Ordering::Release);
    }

    /// Runs `f` over every workload visible at `now_ms` to `scope` under `selection`.
    fn select<R>(
        &self,
        now_ms: i64,
        scope: &Scope,
        selection: &WorkloadSelection,
        f: impl FnOnce(Vec<(&SimWorkload, Status)>) -> R,
    ) -> R {
        self.advance_to(now_ms);
        let workloads = self.read();
        let only_deleted = selection.deleted == Some(true);
        let search = selection.search.as_ref().map(|s| s.to_lowercase());
        let department = match scope {
            Scope::All => None,
            Scope::Department(id) => Some(self.org.department_index(id)),
        };
        let filters: Vec<fields::Compiled> = selection
            .filter_by
            .iter()
            .map(fields::Compiled::new)
            .collect();
        let rows = workloads
            .all
            .iter()
            .filter(|w| {
                department.is_none_or(|d| d == Some(self.org.projects[w.project].department))
            })
            .filter_map(|w| lifecycle::status(w, now_ms).map(|st| (w, st)))
            .filter(|(_, st)| st.deleted_ms.is_some() == only_deleted)
            .filter(|(w, _)| {
                search
                    .as_ref()
                    .is_none_or(|s| self.searchable(w).any(|t| t.to_lowercase().contains(s)))
            })
            .filter(|(w, st)| {
                filters
                    .iter()
                    .all(|f| f.matches(&fields::value(w, st, &self.org, f.field)))
            })
            .collect();
        f(rows)
    }

    /// The texts free-text search looks in: name, project, department, submitter, type.
    fn searchable<'a>(&'a self, w: &'a SimWorkload) -> impl Iterator<Item = &'a str> {
        [
            w.name.as_str(),
            self.org.projects[w.project].name,
            self.org.department_of(w.project).name,
            w.submitted_by,
            w.kind.name,
        ]
        .into_iter()
    }

    /// The list endpoint's answer.
    pub fn list(&self, now_ms: i64, scope: &Scope, query: &ListQuery) -> WorkloadList {
        self.select(now_ms, scope, &query.selection, |rows| {
            let field = query
                .sort_by
                .and_then(|key| FilterField::known(key.as_str()))
                .unwrap_or(FilterField::CreatedAt);
            let descending = query.sort_order == Some(SortOrder::Desc);
            // Each row's key is computed once, not once per comparison.
            let mut keyed: Vec<_> = rows
                .into_iter()
                .map(|(w, st)| {
                    (
                        fields::sort_key(fields::value(w, &st, &self.org, field)),
                        w,
                        st,
                    )
                })
                .collect();
            keyed.sort_by(|(ka, a, _), (kb, b, _)| {
                let by_value = match (ka, kb) {
                    // Nulls go last whichever the direction.
                    (fields::Value::Missing, _) | (_, fields::Value::Missing) => {
                        fields::order(ka, kb)
                    }
                    _ if descending => fields::order(kb, ka),
                    _ => fields::order(ka, kb),
                };
                // Equal keys never swap between pages or refreshes: the id decides.
                by_value.then_with(|| a.id.cmp(&b.id))
            });
            let rows: Vec<(&SimWorkload, Status)> =
                keyed.into_iter().map(|(_, w, st)| (w, st)).collect();
            let offset = query.offset.unwrap_or(0) as usize;
            let limit = query.limit.map_or(DEFAULT_LIMIT, usize::from);
            let end = offset.saturating_add(limit).min(rows.len());
            let page = rows.get(offset..end).unwrap_or_default();
            WorkloadList {
                next: (end < rows.len()).then_some(end as i64),
                workloads: page
                    .iter()
                    .map(|(w, st)| materialize::workload(w, st, &self.org))
                    .collect(),
            }
        })
    }

    /// The count endpoint's answer: the list's total under the same selection.
    pub fn count(&self, now_ms: i64, scope: &Scope, selection: &WorkloadSelection) -> i64 {
        self.select(now_ms, scope, selection, |rows| rows.len() as i64)
    }

    /// Every live workload visible to `scope` with its status (telemetry's input).
    pub fn with_live<R>(
        &self,
        now_ms: i64,
        scope: &Scope,
        f: impl FnOnce(Vec<(&SimWorkload, Status)>) -> R,
    ) -> R {
        self.select(now_ms, scope, &WorkloadSelection::default(), f)
    }

    /// Runs `f` on one workload (deleted ones included, as the console links to them).
    pub fn with_workload<R>(
        &self,
        now_ms: i64,
        scope: &Scope,
        id: Uuid,
        f: impl FnOnce(&SimWorkload, &Status, &Org) -> R,
    ) -> Result<R, Lookup> {
        self.advance_to(now_ms);
        let workloads = self.read();
        let w = workloads
            .by_id
            .get(&id)
            .map(|&i| &workloads.all[i])
            .ok_or(Lookup::NotFound)?;
        let st = lifecycle::status(w, now_ms).ok_or(Lookup::NotFound)?;
        if let Scope::Department(id) = scope
            && self.org.department_of(w.project).id != id
        {
            return Err(Lookup::Forbidden);
        }
        Ok(f(w, &st, &self.org))
    }

    /// The get endpoint's answer.
    pub fn get(&self, now_ms: i64, scope: &Scope, id: Uuid) -> Result<WorkloadDetailed, Lookup> {
        self.with_workload(now_ms, scope, id, materialize::detailed)
    }
}

#[cfg(test)]
#[path = "cluster_tests.rs"]
mod tests;
