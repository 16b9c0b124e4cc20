//! The reports the `/ledger` page shows: GPU-seconds by group over a window, the most
//! idle workloads of each group, and the daily trend, restricted to the projects the
//! reader may see. The ranking reads two hour rows per workload in the window, the trend
//! the projects' daily sums: neither grows with the window's length.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use sqlx::{Arguments, any::AnyArguments};

use super::{Store, record::SecondsRow};
use crate::{calendar::DAY_MS, error::LedgerError, grouping::Grouping, summary::GpuSeconds};
/// The most idle workloads listed per group.
pub const TOP_IDLE: usize = 3;

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
    /// The same, by the node pools its workloads were filed under (for prices).
    pub by_pool: BTreeMap<String, GpuSeconds>,
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
    /// The total by node pool.
    pub total_by_pool: BTreeMap<String, GpuSeconds>,
}

/// `numbers` as `$1`… and then the visible projects.
fn arguments<'q>(numbers: &[i64], query: &ReportQuery) -> AnyArguments<'q> {
    let mut arguments = AnyArguments::default();
    for n in numbers {
        arguments.add(*n).expect("an integer binds");
    }
    for id in query.projects.iter().flatten() {
        arguments.add(id.clone()).expect("a string binds");
    }
    arguments
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
const BY_WORKLOAD: &str = "SELECT w.{key} AS group_key, w.{label} AS group_label, \
    w.workload_id, w.workload_name, w.nodepool, \
    COALESCE(l.through_allocated_gpu_s, w.through_allocated_gpu_s) \
    - COALESCE(f.through_allocated_gpu_s - f.allocated_gpu_s, 0) AS allocated, \
    COALESCE(l.through_idle_gpu_s, w.through_idle_gpu_s) \
    - COALESCE(f.through_idle_gpu_s - f.idle_gpu_s, 0) AS idle, \
    COALESCE(l.through_used_gpu_s, w.through_used_gpu_s) \
    - COALESCE(f.through_used_gpu_s - f.used_gpu_s, 0) AS used \
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
const BY_DAY: &str = "SELECT day AS day_ms, SUM(a) AS allocated, SUM(i) AS idle, \
    SUM(u) AS used FROM (\
    SELECT project_id, day_ms AS day, allocated_gpu_s AS a, idle_gpu_s AS i, \
    used_gpu_s AS u FROM project_days WHERE day_ms >= $3 AND day_ms < $4 \
    UNION ALL SELECT project_id, hour_ms - (hour_ms % {day}), allocated_gpu_s, \
    idle_gpu_s, used_gpu_s FROM project_hours WHERE hour_ms >= $1 AND hour_ms < $3 \
    UNION ALL SELECT project_id, hour_ms - (hour_ms % {day}), allocated_gpu_s, \
    idle_gpu_s, used_gpu_s FROM project_hours WHERE hour_ms >= $4 AND hour_ms < $2) t \
    WHERE (a <> 0 OR i <> 0 OR u <> 0){only} GROUP BY day ORDER BY day";

/// One workload's sums in the window, with its group.
#[derive(sqlx::FromRow)]
struct WorkloadSums {
    group_key: String,
    group_label: String,
    workload_id: String,
    workload_name: String,
    nodepool: String,
    #[sqlx(flatten)]
    seconds: SecondsRow,
}

/// One day's sums.
#[derive(sqlx::FromRow)]
struct DaySums {
    day_ms: i64,
    #[sqlx(flatten)]
    seconds: SecondsRow,
}

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
        let sql = self.sql(&by_workload);
        let rows: Vec<WorkloadSums> =
            sqlx::query_as_with(&sql, arguments(&[query.from_ms, query.to_ms], query))
                .fetch_all(self.pool())
                .await?;
        let mut groups: HashMap<String, ReportRow> = HashMap::new();
        let mut total = GpuSeconds::default();
        let mut total_by_pool: BTreeMap<String, GpuSeconds> = BTreeMap::new();
        for row in rows {
            let sums = GpuSeconds::from(row.seconds);
            total.add(sums);
            total_by_pool
                .entry(row.nodepool.clone())
                .or_default()
                .add(sums);
            let group = groups
                .entry(row.group_key.clone())
                .or_insert_with(|| ReportRow {
                    key: row.group_key,
                    label: row.group_label,
                    seconds: GpuSeconds::default(),
                    by_pool: BTreeMap::new(),
                    workloads: 0,
                    top_idle: Vec::new(),
                });
            group.seconds.add(sums);
            group.by_pool.entry(row.nodepool).or_default().add(sums);
            group.workloads += 1;
            if sums.idle > 0.0 {
                group.top_idle.push(TopWorkload {
                    id: row.workload_id,
                    name: row.workload_name,
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
        let by_day = BY_DAY
            .replace("{day}", &DAY_MS.to_string())
            .replace("{only}", &visible("project_id", 4, query));
        let sql = self.sql(&by_day);
        let days = sqlx::query_as_with::<_, DaySums, _>(
            &sql,
            arguments(&[query.from_ms, query.to_ms, first, last], query),
        )
        .fetch_all(self.pool())
        .await?
        .into_iter()
        .map(|row| DayTrend {
            day_ms: row.day_ms,
            seconds: row.seconds.into(),
        })
        .collect();
        Ok(Report {
            rows,
            days,
            total,
            total_by_pool,
        })
    }
}
