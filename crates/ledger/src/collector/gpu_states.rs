//! The collector's look at what running workloads' GPUs are doing now: one list of the
//! running workloads (500 a call), then one recent window of GPU utilization per
//! workload with GPUs, each call within the same [`Budget`] as the hourly rounds. The
//! whole look is filed at once, replacing the one before. One workload's metrics that
//! cannot be read (gone since the list, refused) do not stop the look; Run:ai failing
//! does, and the last look stays.

use runai::{
    ApiError,
    client::{Credentials, RunaiClient},
    model::{MetricType, MetricsResponse, Phase, Timestamp},
    query::{FilterField, FilterOp, ListQuery, MetricsQuery, SortBy, SortOrder, WorkloadSelection},
};

use super::{
    Budget, Clock, Collector, LEASE_MS, STATES_EVERY_MS,
    candidates::{PAGE, all_pages, filter},
};
use crate::{
    error::LedgerError,
    gpu_state::{GpuState, StateRule, gpu_state},
    store::{CheckedState, Store},
    summary::SAMPLE_MS,
};

/// The recent window each look reads: the stall window and as long again before it, so a
/// stall is told from a workload that was never busy in the window.
pub fn recent_window_ms(rule: &StateRule) -> i64 {
    2 * rule.stall_ms.max(SAMPLE_MS)
}

/// Each GPU's `(time ms, utilization %)` samples.
pub fn utilization_per_gpu(answer: &MetricsResponse) -> Vec<Vec<(i64, f64)>> {
    answer
        .measurements
        .iter()
        .filter(|m| m.type_ == MetricType::GpuUtilization)
        .map(|m| {
            m.values
                .iter()
                .flatten()
                .filter_map(|v| Some((v.timestamp?.unix_millis(), v.number()?)))
                .collect()
        })
        .collect()
}

impl Collector {
    /// Looks at the GPU states unless the last look was under [`STATES_EVERY_MS`] ago.
    pub(super) async fn check_gpu_states_if_due(&mut self) -> Result<(), LedgerError> {
        let now = (self.clock)();
        if self
            .states_checked_ms
            .is_some_and(|at| now - at < STATES_EVERY_MS)
        {
            return Ok(());
        }
        self.check_gpu_states().await.map(|_| ())
    }

    /// Looks at what every running workload's GPUs are doing now and files it (one
    /// list, then one metrics call per running workload with GPUs); returns how many
    /// workloads it looked at.
    pub async fn check_gpu_states(&mut self) -> Result<usize, LedgerError> {
        let now = (self.clock)();
        if !self.lead(now).await? {
            return Ok(0);
        }
        let threshold = self
            .store
            .state()
            .await?
            .map_or(self.settings.idle_threshold_percent, |s| {
                s.idle_threshold_percent
            });
        let rule = StateRule {
            idle_threshold_percent: threshold,
            stall_ms: self.settings.stall_ms,
        };
        let looker = Looker {
            client: &self.client,
            credentials: &self.settings.credentials,
            budget: &self.budget,
            store: &self.store,
            holder: &self.holder,
            clock: &self.clock,
        };
        let looked = check(looker, rule, now).await?;
        self.states_checked_ms = Some(now);
        Ok(looked)
    }
}

/// Who looks, and with what.
pub(super) struct Looker<'a> {
    pub client: &'a RunaiClient,
    pub credentials: &'a Credentials,
    pub budget: &'a Budget,
    pub store: &'a Store,
    /// The lease's holder: the look renews the lease as a round does, and stops when
    /// another replica holds it.
    pub holder: &'a str,
    pub clock: &'a Clock,
}

/// Looks at every running workload with GPUs at `now_ms` and files its state; returns
/// how many it looked at.
pub(super) async fn check(
    looker: Looker<'_>,
    rule: StateRule,
    now_ms: i64,
) -> Result<usize, LedgerError> {
    let Looker {
        client,
        credentials,
        budget,
        store,
        holder,
        clock,
    } = looker;
    let running = ListQuery {
        selection: WorkloadSelection {
            deleted: None,
            filter_by: vec![filter(
                FilterField::Phase,
                FilterOp::Eq,
                "Running".to_owned(),
            )?],
            search: None,
        },
        offset: None,
        limit: Some(PAGE),
        sort_by: Some(SortBy::CreatedAt),
        sort_order: Some(SortOrder::Asc),
    };
    let workloads = all_pages(client, credentials, budget, running).await?;
    let (Some(start), Some(end)) = (
        Timestamp::from_unix_millis(now_ms - recent_window_ms(&rule)),
        Timestamp::from_unix_millis(now_ms),
    ) else {
        return Ok(0);
    };
    let samples = u16::try_from(recent_window_ms(&rule) / SAMPLE_MS + 1).unwrap_or(u16::MAX);
    let query = MetricsQuery {
        metric_type: vec![MetricType::GpuUtilization],
        start,
        end,
        number_of_samples: Some(samples.min(runai::query::MAX_SAMPLES)),
    };
    let mut looked = Vec::new();
    for workload in workloads.iter().filter(|w| w.phase == Phase::Running) {
        let gpus_held = workload
            .allocated_resources
            .as_ref()
            .and_then(|a| a.gpu.get())
            .unwrap_or(0.0);
        if gpus_held <= 0.0 {
            continue;
        }
        let renewed = clock();
        if !store
            .take_lease(holder, renewed, renewed + LEASE_MS)
            .await?
        {
            // Another replica collects now; the states it files are as good.
            return Ok(0);
        }
        budget.take().await;
        let id = workload.id.to_string();
        let state = match client
            .workload_metrics(credentials, workload.id, &query)
            .await
        {
            Ok(answer) => {
                let busy_before = store.was_busy(&id).await?;
                gpu_state(&utilization_per_gpu(&answer.data), busy_before, rule)
            }
            // Gone since the list: nothing to say of it.
            Err(ApiError::NotFound(_)) => continue,
            // Its metrics are refused (this workload only): its state is unknown, and
            // the others are still looked at.
            Err(ApiError::Forbidden(_) | ApiError::BadRequest(_)) => GpuState::Unknown,
            // Run:ai itself fails: the look stops and the last one stays.
            Err(other) => return Err(other.into()),
        };
        looked.push(CheckedState {
            workload_id: id,
            project_id: workload.project_id.clone(),
            state,
            gpus_held,
            checked_ms: now_ms,
        });
    }
    store.replace_gpu_states(&looked).await?;
    Ok(looked.len())
}
