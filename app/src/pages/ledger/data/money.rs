//! What GPU time cost and how each budgeted project's month stands: the ledger's
//! answer's parts that exist only when prices or budgets are configured.

use serde::{Deserialize, Serialize};

/// What GPU time cost, in the prices' currency.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Cost {
    pub allocated: f64,
    pub idle: f64,
}

/// The prices the costs were worked out with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pricing {
    pub currency: String,
    /// Node pools with GPU-hours in the window but no price: their hours cost nothing
    /// here, and the page says so.
    pub unpriced_pools: Vec<String>,
}

/// One budgeted project's month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetLine {
    pub project: String,
    /// What the amounts are in: "GPU-h" or the currency.
    pub unit: String,
    pub budget: f64,
    /// Used so far this month.
    pub used: f64,
    /// By the month's end at this month's pace.
    pub projected: f64,
    /// When it reached (or, at that pace, reaches) the budget this month.
    pub runs_out_ms: Option<i64>,
    /// Each day so far (its start) and the use through its end.
    pub through_day: Vec<(i64, f64)>,
}

/// The budgeted projects the reader may see, this month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthBudgets {
    /// The month: its first instant and the next month's (UTC).
    pub from_ms: i64,
    pub to_ms: i64,
    /// How far into it the ledger is collected: what "so far" means.
    pub as_of_ms: i64,
    /// Where the ledger's hours begin, when after the month's start (what came before
    /// is not counted, and the pace is of the days since).
    pub known_from_ms: Option<i64>,
    /// Most of its budget projected first.
    pub lines: Vec<BudgetLine>,
}
