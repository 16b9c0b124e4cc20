//! The reports the `/ledger` page shows: GPU-seconds by group over a window, the most
//! idle workloads of each group, and the daily trend, restricted to the projects the
//! reader may see. The ranking reads two hour rows per workload in the window, the trend
//! the projects' daily sums: neither grows with the window's length.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::{Store, record::seconds_at};
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

/// Binds `numbers` as `$1`… and then the visible projects.
fn bind_all<'q>(mut q: AnyQuery<'q>, numbers: &[i64], query: &ReportQuery) -> AnyQuery<'q> {
    for n in numbers {
        q = q.bind(*n);
    }
    for id in query.projects.iter().flatten() {
        q = q.bind(id.clone());
    }
    q
}

/// `AND {column} IN (…)` over the visible projects, numbered after `bound` parameters;
/// nothing when every project is visible.
fn visible(column: &str, bound: usize, query: &ReportQuery) -> String {
    match &query.projects {
        None => String::new(),
        Some(ids) => {
            let marks: Vec<String> = (0..ids.len())
                .map(|i| format!("${}", bound + i + 1))
                .collect();
            format!(" AND {column} IN ({})", marks.join(", "))
        }
    }
}

/// Each workload with hours in `[$1, $2)` and its sums there, as the difference of its
/// running sums at the window's edges. A workload that starts inside the window starts
/// from zero, one that ends inside it ends at the sums on its own row; otherwise the edge
/// reads the workload's first or last hour row in the window (one index lookup each,
/// however many hours lie between).
const BY_WORKLOAD: &str = "SELECT w.{key}, w.{label}, w.workload_id, w.workload_name, \
    COALESCE(l.through_allocated_gpu_s, w.through_allocated_gpu_s) \
    - COALESCE(f.through_allocated_gpu_s - f.allocated_gpu_s, 0), \
    COALESCE(l.through_idle_gpu_s, w.through_idle_gpu_s) \
    - COALESCE(f.through_idle_gpu_s - f.idle_gpu_s, 0), \
    COALESCE(l.through_used_gpu_s, w.through_used_gpu_s) \
    - COALESCE(f.through_used_gpu_s - f.used_gpu_s, 0) \
    FROM workloads w \
    LEFT JOIN workload_hours f ON f.workload_id = w.workload_id AND f.hour_ms = \
    (SELECT MIN(hour_ms) FROM workload_hours WHERE workload_id = w.workload_id \
    AND hour_ms >= $1 AND hour_ms < $2 AND w.first_hour_ms < $1) \
    LEFT JOIN workload_hours l ON l.workload_id = w.workload_id AND l.hour_ms = \
    (SELECT MAX(hour_ms) FROM workload_hours WHERE workload_id = w.workload_id \
    AND hour_ms >= $1 AND hour_ms < $2 AND w.last_hour_ms >= $2) \
    WHERE w.last_hour_ms >= $1 AND w.first_hour_ms < $2 \
    AND (w.first_hour_ms >= $1 OR f.workload_id IS NOT NULL)";

/// The projects' sums in `[$1, $2)` by UTC day: whole days (`[$3, $4)`) from the daily
/// sums, the edges from the hours.
const BY_DAY: &str = "SELECT day, SUM(a), SUM(i), SUM(u) FROM (\
    SELECT project_id, day_ms AS day, allocated_gpu_s AS a, idle_gpu_s AS i, \
    used_gpu_s AS u FROM project_days WHERE day_ms >= $3 AND day_ms < $4 \
    UNION ALL SELECT project_id, hour_ms - (hour_ms % 86400000), allocated_gpu_s, \
    idle_gpu_s, used_gpu_s FROM project_hours WHERE hour_ms >= $1 AND hour_ms < $3 \
    UNION ALL SELECT project_id, hour_ms - (hour_ms % 86400000), allocated_gpu_s, \
    idle_gpu_s, used_gpu_s FROM project_hours WHERE hour_ms >= $4 AND hour_ms < $2) t \
    WHERE (a <> 0 OR i <> 0 OR u <> 0){only} GROUP BY day ORDER BY day";

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
        let kept_from: Option<i64> =
            sqlx::query_scalar("SELECT kept_from_ms FROM collector_state WHERE id = 1")
                .fetch_optional(self.pool())
                .await?;
        let query = &ReportQuery {
            from_ms: query.from_ms.max(kept_from.unwrap_or(i64::MIN)),
            ..query.clone()
        };
        if query.from_ms >= query.to_ms {
            return Ok(Report::default());
        }
        let (key, label) = query.grouping.columns();
        let by_workload = BY_WORKLOAD.replace("{key}", key).replace("{label}", label)
            + &visible("w.project_id", 2, query);
        let rows = bind_all(
            sqlx::query(&self.sql(&by_workload)),
            &[query.from_ms, query.to_ms],
            query,
        )
        .fetch_all(self.pool())
        .await?;
        let mut groups: HashMap<String, ReportRow> = HashMap::new();
        let mut total = GpuSeconds::default();
        for row in &rows {
            let sums = seconds_at(row, 4);
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

        let (first, last) = whole_days(query.from_ms, query.to_ms);
        let by_day = BY_DAY.replace("{only}", &visible("project_id", 4, query));
        let days = bind_all(
            sqlx::query(&self.sql(&by_day)),
            &[query.from_ms, query.to_ms, first, last],
            query,
        )
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| DayTrend {
            day_ms: row.get::<i64, _>(0),
            seconds: seconds_at(row, 1),
        })
        .collect();
        Ok(Report { rows, days, total })
    }
}
