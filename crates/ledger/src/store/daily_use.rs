//! Each project's use by UTC day and node pool over a span (a month, for budgets), read
//! from the hours so it agrees with the ranking to the second.

use sqlx::{Arguments, any::AnyArguments};

use super::{Store, record::SecondsRow};
use crate::{calendar::DAY_MS, error::LedgerError, summary::GpuSeconds};

/// Projects read at once, at most (budgets are configured for at most this many).
pub const MAX_PROJECTS_PER_READ: usize = 200;

/// GPU-seconds one project used on one UTC day in one node pool.
#[derive(Clone, Debug, PartialEq)]
pub struct DayUse {
    pub project_id: String,
    pub project_name: String,
    /// The day's start.
    pub day_ms: i64,
    /// The node pools its workloads were filed under (joined by commas).
    pub nodepool: String,
    pub seconds: GpuSeconds,
}

#[derive(sqlx::FromRow)]
struct Row {
    project_id: String,
    project_name: String,
    day_ms: i64,
    nodepool: String,
    #[sqlx(flatten)]
    seconds: SecondsRow,
}

impl Store {
    /// The use of the projects `project_ids` (the first [`MAX_PROJECTS_PER_READ`]) in
    /// `[from_ms, to_ms)`, by project, day and node pool.
    pub async fn daily_use(
        &self,
        from_ms: i64,
        to_ms: i64,
        project_ids: &[String],
    ) -> Result<Vec<DayUse>, LedgerError> {
        let ids = &project_ids[..project_ids.len().min(MAX_PROJECTS_PER_READ)];
        if ids.is_empty() || from_ms >= to_ms {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 3)).collect();
        let day = format!("h.hour_ms - (h.hour_ms % {DAY_MS})");
        let text = format!(
            "SELECT w.project_id, w.project_name, {day} AS day_ms, w.nodepool, \
             SUM(h.allocated_gpu_s) AS allocated, SUM(h.idle_gpu_s) AS idle, \
             SUM(h.used_gpu_s) AS used \
             FROM workload_hours h JOIN workloads w ON w.workload_id = h.workload_id \
             WHERE h.hour_ms >= $1 AND h.hour_ms < $2 AND w.project_id IN ({}) \
             GROUP BY w.project_id, w.project_name, {day}, w.nodepool",
            marks.join(", ")
        );
        let mut arguments = AnyArguments::default();
        arguments.add(from_ms).expect("an integer binds");
        arguments.add(to_ms).expect("an integer binds");
        for id in ids {
            arguments.add(id.clone()).expect("a string binds");
        }
        let rows: Vec<Row> = sqlx::query_as_with(&self.sql(&text), arguments)
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| DayUse {
                project_id: row.project_id,
                project_name: row.project_name,
                day_ms: row.day_ms,
                nodepool: row.nodepool,
                seconds: row.seconds.into(),
            })
            .collect())
    }
}
