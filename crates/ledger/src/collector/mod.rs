//! The collector: a background task that turns Run:ai's metrics into the ledger's
//! hourly rows, so the page answers from the store instead of calling Run:ai once per
//! workload.
//!
//! It works in rounds. A round completes the hours from where the ledger is complete
//! (on a new store, the backfill's start) up to the last whole hour: it lists the
//! workloads that may have held GPUs then (live and deleted), asks for each one's
//! metrics over its part of the round, and files its hours with a note that it is done
//! up to the round's end. Only when every workload is filed does the ledger's complete
//! mark move. So:
//! - a round interrupted (an outage, a restart) resumes with the workloads not yet
//!   filed, and finished hours are never asked for again;
//! - rows are keyed by workload and hour and replaced, never added twice;
//! - every upstream call waits for the [`Budget`];
//! - replicas sharing a PostgreSQL ledger take a lease before collecting, so one
//!   collects at a time and another takes over when its lease runs out.
//!
//! Between rounds, at most every [`STATES_EVERY_MS`], the leader also looks at what the
//! running workloads' GPUs are doing now ([`gpu_states`]), within the same budget.

mod budget;
mod candidates;
pub mod gpu_states;

use std::{collections::BTreeMap, sync::Arc, time::Duration};

use runai::client::{Credentials, RunaiClient};
use uuid::Uuid;

pub use self::budget::Budget;
use self::candidates::Candidate;
use crate::{
    calendar::{DAY_MS, HOUR_MS},
    error::LedgerError,
    store::Store,
    summary::{self, GpuSeconds},
};

/// How long a lease lasts without renewal.
const LEASE_MS: i64 = 2 * 60_000;
/// How often the running workloads' GPU states are looked at, at most (less often when
/// the budget of calls cannot cover a look that often).
pub const STATES_EVERY_MS: i64 = 5 * 60_000;

/// Where the collector's time comes from (the simulator's clock in demo mode).
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// How the collector works.
#[derive(Clone, Debug)]
pub struct CollectorSettings {
    /// The service account it asks Run:ai with.
    pub credentials: Credentials,
    /// Upstream calls per minute, at most.
    pub calls_per_minute: u32,
    /// How far back a new ledger starts.
    pub backfill_days: i64,
    /// Hours older than this are forgotten, by whole UTC days (the day the cut falls in
    /// is kept whole).
    pub retention_days: i64,
    /// A GPU under this utilization (percent) counts as idle, in a new ledger. A ledger
    /// keeps the threshold it began with, so every hour in it is counted alike.
    pub idle_threshold_percent: f64,
    /// How long a GPU stays under the idle threshold before its workload counts as
    /// stalled, in milliseconds.
    pub stall_ms: i64,
}

/// What one call to [`Collector::collect_once`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Round {
    /// Filed every hour up to this instant.
    Completed { to_ms: i64, workloads: usize },
    /// Nothing to do: the ledger is complete up to the last whole hour.
    UpToDate,
    /// Another replica holds the lease.
    NotLeader,
}

/// The collector's lease and budget, for other work that runs on one replica at a time
/// within the same calls (the alert evaluator): it leads while the collector's lease is
/// its own, and renews it as the collector does.
#[derive(Clone, Debug)]
pub struct Leader {
    store: Store,
    holder: String,
    budget: Budget,
}

impl Leader {
    /// Takes or renews the lease at `now_ms`; `false` when another replica holds it (or
    /// the ledger has not started yet).
    pub async fn leads(&self, now_ms: i64) -> Result<bool, LedgerError> {
        self.store
            .take_lease(&self.holder, now_ms, now_ms + LEASE_MS)
            .await
    }

    /// The budget of upstream calls, shared with the collector.
    pub fn budget(&self) -> &Budget {
        &self.budget
    }
}

/// The collector of one replica.
pub struct Collector {
    client: RunaiClient,
    store: Store,
    settings: CollectorSettings,
    budget: Budget,
    clock: Clock,
    /// This replica's name in the lease.
    holder: String,
    /// Whether it has said that the ledger counts at another threshold than configured.
    told_threshold: bool,
    /// When it last looked at the running workloads' GPU states.
    states_checked_ms: Option<i64>,
}

impl Collector {
    /// A collector filing into `store` what `client` answers.
    pub fn new(
        client: RunaiClient,
        store: Store,
        settings: CollectorSettings,
        clock: Clock,
    ) -> Self {
        Self {
            budget: Budget::new(settings.calls_per_minute),
            client,
            store,
            settings,
            clock,
            holder: Uuid::new_v4().to_string(),
            told_threshold: false,
            states_checked_ms: None,
        }
    }

    /// What work done on this replica's lease shares with the collector: the lease's
    /// holder and the budget of calls (the alert evaluator runs on it).
    pub fn leader(&self) -> Leader {
        Leader {
            store: self.store.clone(),
            holder: self.holder.clone(),
            budget: self.budget.clone(),
        }
    }

    /// Upstream calls made so far (each one waited for the budget).
    pub fn calls(&self) -> u64 {
        self.budget.granted()
    }

    /// Runs rounds until `stop` completes, then lets go of the lease so another replica
    /// takes over at once rather than when the lease runs out. A round cut short loses
    /// only the workload it was filing (each is one transaction); whoever collects next
    /// resumes from there.
    pub async fn run_until(mut self, stop: impl Future<Output = ()>) {
        tokio::select! {
            () = self.run() => {}
            () = stop => {}
        }
        if let Err(err) = self.release().await {
            tracing::warn!("the ledger's lease was not let go (it runs out by itself): {err}");
        }
    }

    /// Runs rounds forever: after each, looks at the GPU states if a look is due, and
    /// waits for the next whole hour or the next look, whichever comes first; after a
    /// failure, waits a little longer each time (up to five minutes) and resumes.
    pub async fn run(&mut self) {
        let mut failures = 0u32;
        loop {
            let round = self.collect_once().await;
            let leading = matches!(round, Ok(Round::Completed { .. } | Round::UpToDate));
            let looked = match leading {
                true => self.check_gpu_states_if_due().await,
                false => Ok(()),
            };
            let pause = match round.and_then(|round| looked.map(|()| round)) {
                Ok(Round::Completed { .. }) => {
                    failures = 0;
                    Duration::ZERO
                }
                Ok(Round::UpToDate) => {
                    failures = 0;
                    let now = (self.clock)();
                    let next_hour = (now.div_euclid(HOUR_MS) + 1) * HOUR_MS + 60_000;
                    let next_look = self
                        .states_checked_ms
                        .map_or(now, |at| at + STATES_EVERY_MS);
                    let next = next_hour.min(next_look);
                    Duration::from_millis((next - now).clamp(1_000, HOUR_MS) as u64)
                }
                Ok(Round::NotLeader) => Duration::from_secs(30),
                Err(err) => {
                    failures = failures.saturating_add(1);
                    tracing::warn!("ledger collection paused: {err}");
                    Duration::from_secs(u64::from(failures.min(10)) * 30)
                }
            };
            tokio::time::sleep(pause).await;
        }
    }

    /// Lets go of the lease (on shutdown), so another replica can take over at once.
    pub async fn release(&self) -> Result<(), LedgerError> {
        self.store.release_lease(&self.holder).await
    }

    /// Starts the ledger if it has not started (its backfill reaching back from the
    /// hour `now` falls in) and takes or renews the lease; `false` when another replica
    /// holds it.
    async fn lead(&self, now: i64) -> Result<bool, LedgerError> {
        let hour = now.div_euclid(HOUR_MS) * HOUR_MS;
        self.store
            .start(
                hour - self.settings.backfill_days * DAY_MS,
                self.settings.idle_threshold_percent,
            )
            .await?;
        self.store
            .take_lease(&self.holder, now, now + LEASE_MS)
            .await
    }

    /// One round: files every hour up to the last whole one.
    pub async fn collect_once(&mut self) -> Result<Round, LedgerError> {
        let now = (self.clock)();
        let to = now.div_euclid(HOUR_MS) * HOUR_MS;
        if !self.lead(now).await? {
            return Ok(Round::NotLeader);
        }
        let state = self
            .store
            .state()
            .await?
            .ok_or_else(|| LedgerError::Store(sqlx::Error::RowNotFound))?;
        let threshold = state.idle_threshold_percent;
        if threshold != self.settings.idle_threshold_percent && !self.told_threshold {
            self.told_threshold = true;
            tracing::warn!(
                ledger = threshold,
                configured = self.settings.idle_threshold_percent,
                "the ledger counts idle GPUs under the threshold it began with; a new ledger \
                 (another data directory or database) starts with the configured one"
            );
        }
        let from = state.collected_to_ms;
        if from >= to {
            return Ok(Round::UpToDate);
        }
        let candidates = candidates::list(
            &self.client,
            &self.settings.credentials,
            &self.budget,
            from,
            to,
        )
        .await?;
        let progress = self.store.progress().await?;
        let already = |c: &Candidate| progress.get(&c.facts.id).is_some_and(|&done| done >= to);
        let done = candidates.iter().filter(|c| already(c)).count();
        self.store
            .begin_round(to, candidates.len() as i64, done as i64)
            .await?;
        for candidate in candidates.iter().filter(|c| !already(c)) {
            let renewed = (self.clock)();
            if !self
                .store
                .take_lease(&self.holder, renewed, renewed + LEASE_MS)
                .await?
            {
                return Ok(Round::NotLeader);
            }
            let start = progress
                .get(&candidate.facts.id)
                .copied()
                .unwrap_or(from)
                .max(from)
                .max(candidate.created_ms.div_euclid(HOUR_MS) * HOUR_MS);
            let end = candidate.ended_ms.map_or(to, |ended| {
                ((ended + HOUR_MS - 1).div_euclid(HOUR_MS) * HOUR_MS).min(to)
            });
            let mut hours: BTreeMap<i64, GpuSeconds> = BTreeMap::new();
            for (span_from, span_to) in summary::spans(start, end) {
                let Some(query) = summary::metrics_query(span_from, span_to) else {
                    continue;
                };
                self.budget.take().await;
                let answer = self
                    .client
                    .workload_metrics(&self.settings.credentials, candidate.id, &query)
                    .await?;
                // Counted to the second it ended, not to the end of its last hour.
                hours.extend(summary::hours(
                    &answer.data,
                    span_from,
                    span_to,
                    candidate.ended_ms,
                    threshold,
                ));
            }
            self.store.record(&candidate.facts, &hours, to).await?;
        }
        let keep_from = to - self.settings.retention_days * DAY_MS;
        self.store.finish_round(to, keep_from).await?;
        Ok(Round::Completed {
            to_ms: to,
            workloads: candidates.len(),
        })
    }
}
