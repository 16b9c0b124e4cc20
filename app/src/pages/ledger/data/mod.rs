//! The ledger page's server function: the window's GPU-hours by group, from the
//! ledger's store (never from Run:ai per workload), limited to the projects the reader's
//! own Run:ai credentials can see.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::view::{Grouping, LedgerWindow};
use crate::error::AppError;

mod money;
pub use money::{BudgetLine, Cost, MonthBudgets, Pricing};

/// A workload among a group's most idle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IdleWorkload {
    pub id: String,
    pub name: String,
    pub idle_h: f64,
}

/// GPU-hours of a group, a day, or the whole window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GpuHours {
    pub allocated: f64,
    pub idle: f64,
    pub used: f64,
}

impl GpuHours {
    /// Allocated hours that were not idle: allocated = idle + busy.
    pub fn busy(&self) -> f64 {
        (self.allocated - self.idle).max(0.0)
    }

    /// Idle ÷ allocated (0 when nothing was allocated).
    pub fn idle_share(&self) -> f64 {
        if self.allocated > 0.0 {
            self.idle / self.allocated
        } else {
            0.0
        }
    }
}

/// One group's line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LedgerLine {
    /// The group's id (project or department id, the person, the node pool).
    pub key: String,
    /// Its name.
    pub label: String,
    /// Grouped by person: whether this one is a service account, not a person.
    pub service_account: bool,
    pub hours: GpuHours,
    /// What its GPU time cost, when prices are set.
    pub cost: Option<Cost>,
    pub workloads: usize,
    pub top_idle: Vec<IdleWorkload>,
}

/// One UTC day of the trend.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LedgerDay {
    pub day_ms: i64,
    pub hours: GpuHours,
}

/// How far the collector has come.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CollectionProgress {
    /// Every hour before this is in the ledger.
    pub collected_to_ms: i64,
    /// The ledger reaches back this far.
    pub backfill_from_ms: i64,
    /// The round under way (equal to `collected_to_ms` when none is): its end, and its
    /// workloads done of all.
    pub round_to_ms: i64,
    pub round_done: i64,
    pub round_total: i64,
}

/// The ledger for one window and grouping.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LedgerAnswer {
    pub from_ms: i64,
    pub to_ms: i64,
    /// Most idle first.
    pub lines: Vec<LedgerLine>,
    pub days: Vec<LedgerDay>,
    pub total: GpuHours,
    /// A GPU under this utilization counts as idle.
    pub idle_threshold_percent: f64,
    /// `None` before the collector's first round.
    pub progress: Option<CollectionProgress>,
    /// Why nothing fills the ledger, when nothing does.
    pub not_collecting: Option<String>,
    /// The prices, when set, and the whole window's cost.
    pub pricing: Option<Pricing>,
    pub total_cost: Option<Cost>,
    /// This month's budgets, when any is set for a project the reader may see.
    pub budgets: Option<MonthBudgets>,
}

/// The ledger for `window`, grouped by `group`, as the caller may see it.
#[server(endpoint = "ledger")]
pub async fn get_ledger(window: LedgerWindow, group: Grouping) -> Result<LedgerAnswer, AppError> {
    let caller = crate::caller::current_caller()?;
    let source = use_context::<source::LedgerSource>()
        .ok_or_else(|| AppError::unavailable("the ledger is not set up on this server"))?;
    let now_ms = runai::model::Timestamp::now().unix_millis();
    source
        .answer(&caller.credentials, &window, group, now_ms)
        .await
}

#[cfg(feature = "ssr")]
mod costing;
#[cfg(feature = "ssr")]
pub mod source;
