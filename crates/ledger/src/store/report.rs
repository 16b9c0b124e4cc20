//! The reports the `/ledger` page shows: GPU-seconds by group over a window, the most
//! idle workloads of each group, and the daily trend. One pass over the window's rows
//! per report, restricted to the projects the reader may see.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::Store;
use crate::{error::LedgerError, summary::GpuSeconds};

const DAY_MS: i64 = 86_400_000;
/// The most idle workloads listed per group.
pub const TOP_IDLE: usize = 3;

/// What the ledger's rows are summed by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Grouping {
    #[default]
    Project,
    Department,
    /// The submitter.
    Person,
    Nodepool,
}

impl Grouping {
    /// Every grouping, in the order the page offers them.
    pub const ALL: [Grouping; 4] = [
        Grouping::Project,
        Grouping::Department,
        Grouping::Person,
        Grouping::Nodepool,
    ];

    /// Its word in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Grouping::Project => "project",
            Grouping::Department => "department",
            Grouping::Person => "person",
            Grouping::Nodepool => "nodepool",
        }
    }

    /// The grouping a URL word names.
    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.as_str() == word)
    }

    /// The columns that identify a group and name it.
    fn columns(self) -> (&'static str, &'static str) {
        match self {
            Grouping::Project => ("project_id", "project_name"),
            Grouping::Department => ("department_id", "department_name"),
            Grouping::Person => ("submitted_by", "submitted_by"),
            Grouping::Nodepool => ("nodepool", "nodepool"),
        }
    }
}

/// Which rows a report sums.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportQuery {
    /// `[from_ms, to_ms)`, by the hours' starts.
    pub from_ms: i64,
    pub to_ms: i64,
    pub grouping: Grouping,
    /// Only rows of these project ids; `None`: every project.
    pub projects: Option<Vec<String>>,
}

/// A workload among a group's most idle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopWorkload {
    pub id: String,
    pub name: String,
    pub idle_s: f64,
}

/// One group's sums.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportRow {
    /// The group's id (project or department id, the person, the node pool).
    pub key: String,
    /// Its name.
    pub label: String,
    pub seconds: GpuSeconds,
    /// Workloads that held GPUs in the window.
    pub workloads: usize,
    /// The most idle of them, most idle first.
    pub top_idle: Vec<TopWorkload>,
}

/// One day's sums.
#[derive(Clone, Debug, PartialEq)]
pub struct DayTrend {
    /// The day's start (UTC).
    pub day_ms: i64,
    pub seconds: GpuSeconds,
}

/// A window's report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Most idle GPU-time first.
    pub rows: Vec<ReportRow>,
    pub days: Vec<DayTrend>,
    pub total: GpuSeconds,
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds the window (`$1`, `$2`), its whole days (`$3`, `$4`) and the visible projects
/// (`$5`…).
fn bind_window<'q>(mut q: AnyQuery<'q>, query: &ReportQuery) -> AnyQuery<'q> {
    let (first, last) = whole_days(query.from_ms, query.to_ms);
    q = q
        .bind(query.from_ms)
        .bind(query.to_ms)
        .bind(first)
        .bind(last);
    for id in query.projects.iter().flatten() {
        q = q.bind(id.clone());
    }
    q
}

fn seconds(row: &sqlx::any::AnyRow, first: usize) -> GpuSeconds {
    GpuSeconds {
        allocated: row.get(first),
        idle: row.get(first + 1),
        used: row.get(first + 2),
    }
}

/// The rows of `[from_ms, to_ms)` as `(workload_id, day, allocated, idle, used)`: whole
/// UTC days from the daily sums, the edges from the hours (two plain ranges, so each
/// reads the hour index). Binds `$1`–`$4`.
const WINDOW_ROWS: &str = "SELECT workload_id, day_ms AS day, allocated_gpu_s AS a, \
    idle_gpu_s AS i, used_gpu_s AS u FROM workload_days WHERE day_ms >= $3 AND day_ms < $4 \
    UNION ALL SELECT workload_id, hour_ms - (hour_ms % 86400000) AS day, allocated_gpu_s, \
    idle_gpu_s, used_gpu_s FROM workload_hours WHERE hour_ms >= $1 AND hour_ms < $3 \
    UNION ALL SELECT workload_id, hour_ms - (hour_ms % 86400000) AS day, allocated_gpu_s, \
    idle_gpu_s, used_gpu_s FROM workload_hours WHERE hour_ms >= $4 AND hour_ms < $2";

/// The whole days inside `[from_ms, to_ms)`; an empty span at `to_ms` when there are none.
fn whole_days(from_ms: i64, to_ms: i64) -> (i64, i64) {
    let first = (from_ms + DAY_MS - 1).div_euclid(DAY_MS) * DAY_MS;
    let last = to_ms.div_euclid(DAY_MS) * DAY_MS;
    if first < last {
        (first, last)
    } else {
        (to_ms, to_ms)
    }
}

impl Store {
    /// The report for `query`.
    pub async fn report(&self, query: &ReportQuery) -> Result<Report, LedgerError> {
        if query.projects.as_ref().is_some_and(Vec::is_empty) {
            return Ok(Report::default());
        }
        let only = match &query.projects {
            None => String::new(),
            Some(ids) => {
                let marks: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 5)).collect();
                format!(" WHERE w.project_id IN ({})", marks.join(", "))
            }
        };
        let (key, label) = query.grouping.columns();
        let by_workload = format!(
            "SELECT w.{key}, w.{label}, s.workload_id, w.workload_name, s.a, s.i, s.u FROM \
             (SELECT workload_id, SUM(a) AS a, SUM(i) AS i, SUM(u) AS u FROM ({WINDOW_ROWS}) t \
             GROUP BY workload_id) s JOIN workloads w ON w.workload_id = s.workload_id{only}"
        );
        let rows = bind_window(sqlx::query(&self.sql(&by_workload)), query)
            .fetch_all(self.pool())
            .await?;
        let mut groups: HashMap<String, ReportRow> = HashMap::new();
        let mut total = GpuSeconds::default();
        for row in &rows {
            let sums = seconds(row, 4);
            total.add(sums);
            let key: String = row.get(0);
            let group = groups.entry(key.clone()).or_insert_with(|| ReportRow {
                key,
                label: row.get(1),
                seconds: GpuSeconds::default(),
                workloads: 0,
                top_idle: Vec::new(),
            });
            group.seconds.add(sums);
            group.workloads += 1;
            if sums.idle > 0.0 {
                group.top_idle.push(TopWorkload {
                    id: row.get(2),
                    name: row.get(3),
                    idle_s: sums.idle,
                });
            }
        }
        let mut rows: Vec<ReportRow> = groups.into_values().collect();
        for row in &mut rows {
            row.top_idle
                .sort_by(|a, b| b.idle_s.total_cmp(&a.idle_s).then_with(|| a.id.cmp(&b.id)));
            row.top_idle.truncate(TOP_IDLE);
        }
        rows.sort_by(|a, b| {
            b.seconds
                .idle
                .total_cmp(&a.seconds.idle)
                .then_with(|| a.label.cmp(&b.label))
        });

        let by_day = format!(
            "SELECT t.day, SUM(t.a), SUM(t.i), SUM(t.u) FROM ({WINDOW_ROWS}) t \
             JOIN workloads w ON w.workload_id = t.workload_id{only} \
             GROUP BY t.day ORDER BY t.day"
        );
        let days = bind_window(sqlx::query(&self.sql(&by_day)), query)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| DayTrend {
                day_ms: row.get::<i64, _>(0),
                seconds: seconds(row, 1),
            })
            .collect();
        Ok(Report { rows, days, total })
    }
}
