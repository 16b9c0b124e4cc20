//! The comparison as it travels from the server to the page: each workload compared (or
//! why it is hidden), the charts drawn, the numbers of each over the window, and the
//! facts side by side.

use serde::{Deserialize, Serialize};

use runai::model::Timestamp;

use crate::metric_series::ChartPanel;

/// Each compared workload's colour on every chart, with its name for people (the colour
/// is also told by the workload's name on each line and in the legend).
pub const COLOURS: [(&str, &str); 4] = [
    ("#2563eb", "blue"),
    ("#ea580c", "orange"),
    ("#9333ea", "purple"),
    ("#0d9488", "teal"),
];

/// Everything the comparison shows for one URL.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Every id of the URL, in its order: shown, or why not.
    pub members: Vec<Member>,
    /// One chart per metric, one colour per workload.
    pub panels: Vec<ChartPanel>,
    /// Each shown workload's numbers over the window.
    pub summaries: Vec<Summary>,
    /// The facts of the shown workloads, side by side.
    pub facts: Vec<FactRow>,
    /// The window in words ("the first 6 h 00 min after each started", or the instants).
    pub window: WindowShown,
    /// Whether any shown workload serves inference (then the NIM numbers are shown).
    pub inference: bool,
    /// Whether any shown workload has more than one GPU (then "each GPU" is offered).
    pub several_gpus: bool,
    /// When the upstream answered.
    pub fetched_at: Timestamp,
}

/// The window the charts show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WindowShown {
    /// Seconds after each start.
    SinceStart { since_s: i64, until_s: i64 },
    /// The same instants for all.
    Clock { from: Timestamp, to: Timestamp },
}

/// One id of the URL.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub id: String,
    pub seen: Seen,
}

/// What the viewer may see of one compared id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Seen {
    Shown(Shown),
    /// Run:ai says the viewer may not see it (403).
    Forbidden,
    /// No such workload (404).
    NotFound,
}

/// A workload the viewer sees, as the comparison names it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Shown {
    pub name: String,
    pub project: String,
    pub phase: String,
    /// Its place among the shown: its colour on the charts.
    pub colour: usize,
    /// When it first ran (its creation plus its time waiting); `None`: not yet.
    pub started: Option<Timestamp>,
    /// Metric types Run:ai could not produce for it (a partial answer), in words.
    pub missing: Vec<String>,
    /// Why its metrics are not on the charts, if they are not (not started, not
    /// running in the window, or the metrics call failed).
    pub no_metrics: Option<String>,
}

/// One workload's numbers over the window, as shown ("—" where there is none).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub name: String,
    pub colour: usize,
    pub gpu_mean: String,
    pub gpu_p95: String,
    pub gpu_memory_peak: String,
    pub cpu_mean: String,
    pub ttft_p50: String,
    pub ttft_p90: String,
    pub throughput: String,
}

/// One fact across the shown workloads, in their order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FactRow {
    pub label: String,
    pub values: Vec<String>,
}

impl FactRow {
    /// Whether the workloads differ in it.
    pub fn differs(&self) -> bool {
        self.values.windows(2).any(|pair| pair[0] != pair[1])
    }
}

impl Comparison {
    /// The shown workloads, in the URL's order.
    pub fn shown(&self) -> impl Iterator<Item = (&Member, &Shown)> {
        self.members.iter().filter_map(|m| match &m.seen {
            Seen::Shown(shown) => Some((m, shown)),
            _ => None,
        })
    }
}
