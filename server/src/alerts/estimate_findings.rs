//! The rule "waits longer than its estimate's 90th percentile": the pending workloads a
//! filter selects that have waited longer than the range the queue gives a workload
//! like them as it begins to wait says nine in ten start within. Worked out by the
//! queue's own code (`app::queue::reads`), from the same list queries as the queue
//! panel, read with the collector's key, each query once a pass and within its budget.

use std::{collections::HashSet, sync::Arc};

use app::{
    error::AppError,
    format::format_seconds,
    queue::{
        QueueEstimate, WaitEstimate,
        reads::{EachQueryOnce, ListSource, Memo, estimate_from_start},
    },
};
use ledger::collector::Budget;
use runai::{
    client::{Credentials, RunaiClient},
    model::{Workload, WorkloadList},
    query::ListQuery,
};

/// Pending workloads one rule works out at most in a pass (each distinct node-pool set
/// costs four list calls; the rest share them).
const MAX_WORKED_OUT: usize = 500;

/// The upstream as the collector reads it for rules: each call within its budget.
pub struct Budgeted<'a> {
    pub client: &'a RunaiClient,
    pub credentials: &'a Credentials,
    pub budget: &'a Budget,
}

impl ListSource for Budgeted<'_> {
    async fn list(&self, query: &ListQuery) -> Result<Arc<WorkloadList>, AppError> {
        self.budget.take().await;
        Ok(self.client.list_workloads(self.credentials, query).await?)
    }

    async fn list_everything(&self, _: &ListQuery) -> Option<Arc<WorkloadList>> {
        // The collector's key sees every project: nothing is hidden from the estimate.
        None
    }
}

/// What one pass reads through: each query once, within the budget.
pub type PassSource<'a> = EachQueryOnce<Budgeted<'a>>;

/// Of `pending` (already narrowed to what the owner sees), those that have waited past
/// their estimate's 90th percentile, each with what happened in words.
pub async fn past_estimate<'w>(
    source: &PassSource<'_>,
    memo: &Memo,
    pending: &[&'w Workload],
    now_ms: i64,
) -> Result<Vec<(&'w Workload, String)>, AppError> {
    let mut found = Vec::new();
    let mut seen = HashSet::new();
    for w in pending.iter().take(MAX_WORKED_OUT) {
        if !seen.insert(w.id) {
            continue;
        }
        let Some(estimate) = estimate_from_start(source, memo, w, now_ms).await? else {
            continue;
        };
        let waited_s = w.total_pending_time_seconds.get().unwrap_or(0) as f64;
        if let Some(p90_s) = past_p90(&estimate, waited_s) {
            let detail = format!(
                "waiting for {}; nine in ten like it started within {}",
                format_seconds(waited_s),
                format_seconds(p90_s)
            );
            found.push((*w, detail));
        }
    }
    Ok(found)
}

/// The 90th percentile `waited_s` is past, if the estimate reaches one and is of whole
/// waits (one reckoned from now, on when GPUs are freed, is not set against a wait).
fn past_p90(estimate: &QueueEstimate, waited_s: f64) -> Option<f64> {
    if !estimate
        .basis
        .is_some_and(|basis| basis.reckons_whole_waits())
    {
        return None;
    }
    match estimate.estimate {
        WaitEstimate::Likely {
            p90_s: Some(p90_s), ..
        } if waited_s > p90_s => Some(p90_s),
        // No range, or one whose far end lies beyond its history: no promise was made.
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use app::queue::Basis;

    fn likely(p90_s: Option<f64>, basis: Basis) -> QueueEstimate {
        QueueEstimate {
            estimate: WaitEstimate::Likely {
                p10_s: 60.0,
                p50_s: Some(600.0),
                p90_s,
                reaches_s: 7_200.0,
                sample: 12,
            },
            basis: Some(basis),
        }
    }

    #[test]
    fn only_a_wait_past_a_reached_90th_percentile_of_whole_waits_counts() {
        let waits = Basis::SimilarInPools;
        assert_eq!(
            past_p90(&likely(Some(3_600.0), waits), 3_601.0),
            Some(3_600.0)
        );
        assert_eq!(past_p90(&likely(Some(3_600.0), waits), 3_600.0), None);
        assert_eq!(
            past_p90(&likely(None, waits), 1e9),
            None,
            "no far end: no promise"
        );
        let thin = QueueEstimate {
            estimate: WaitEstimate::NotEnoughHistory { sample: 3 },
            basis: None,
        };
        assert_eq!(past_p90(&thin, 1e9), None);
        // Reckoned from now (when GPUs are likely freed): not a whole wait.
        for basis in [Basis::PoolReleases, Basis::ProjectRuns, Basis::PoolRuns] {
            assert_eq!(past_p90(&likely(Some(60.0), basis), 1e9), None, "{basis:?}");
        }
        assert!(Basis::ProjectWaits.reckons_whole_waits());
    }
}
