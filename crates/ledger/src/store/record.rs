//! Filing a workload's hours. Each hour row carries the workload's running sums through
//! it, so a report reads a workload's window as the difference of two rows; the
//! per-project hour and day sums behind the daily trend move by what each hour adds.

use std::collections::BTreeMap;

use sqlx::{Any, Transaction};

use super::{DAY_MS, Store, WorkloadFacts};
use crate::{error::LedgerError, summary::GpuSeconds};

impl Store {
    /// Files a workload's hours and marks it collected up to `to_ms`, in one
    /// transaction; rows already there are replaced, never counted twice.
    pub async fn record(
        &self,
        facts: &WorkloadFacts,
        hours: &BTreeMap<i64, GpuSeconds>,
        to_ms: i64,
    ) -> Result<(), LedgerError> {
        let mut tx = self.pool().begin().await?;
        // The workload's row first: on PostgreSQL this locks it, so a second replica
        // filing the same workload (its lease having run out mid-round) waits for this
        // transaction, then reads what it filed, and no hour reaches the project sums twice.
        sqlx::query(&self.sql(
            "INSERT INTO workloads (workload_id, workload_name, cluster_id, project_id, \
             project_name, department_id, department_name, submitted_by, nodepool) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (workload_id) DO UPDATE SET workload_name = excluded.workload_name, \
             project_name = excluded.project_name, department_name = excluded.department_name, \
             nodepool = excluded.nodepool",
        ))
        .bind(&facts.id)
        .bind(&facts.name)
        .bind(&facts.cluster_id)
        .bind(&facts.project_id)
        .bind(&facts.project_name)
        .bind(&facts.department_id)
        .bind(&facts.department_name)
        .bind(&facts.submitted_by)
        .bind(&facts.nodepool)
        .execute(&mut *tx)
        .await?;
        if !hours.is_empty() {
            self.file_hours(&mut tx, facts, hours).await?;
        }
        sqlx::query(&self.sql(
            "INSERT INTO workload_progress (workload_id, collected_to_ms) VALUES ($1, $2) \
             ON CONFLICT (workload_id) DO UPDATE SET collected_to_ms = excluded.collected_to_ms",
        ))
        .bind(&facts.id)
        .bind(to_ms)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE collector_state SET round_done = round_done + 1 WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn file_hours(
        &self,
        tx: &mut Transaction<'static, Any>,
        facts: &WorkloadFacts,
        hours: &BTreeMap<i64, GpuSeconds>,
    ) -> Result<(), LedgerError> {
        let first = *hours.keys().next().expect("called with hours");
        // Rounds go forward in time, so this is usually empty; a re-filed or earlier
        // hour changes the running sums of every later one, which are refiled too.
        let mut rows: BTreeMap<i64, GpuSeconds> = sqlx::query_as::<_, HourRow>(&self.sql(
            "SELECT hour_ms, allocated_gpu_s AS allocated, idle_gpu_s AS idle, \
             used_gpu_s AS used FROM workload_hours WHERE workload_id = $1 AND hour_ms >= $2",
        ))
        .bind(&facts.id)
        .bind(first)
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|row| (row.hour_ms, row.seconds.into()))
        .collect();
        let before = sqlx::query_as::<_, SecondsRow>(&self.sql(
            "SELECT through_allocated_gpu_s AS allocated, through_idle_gpu_s AS idle, \
             through_used_gpu_s AS used FROM workload_hours WHERE workload_id = $1 \
             AND hour_ms < $2 ORDER BY hour_ms DESC LIMIT 1",
        ))
        .bind(&facts.id)
        .bind(first)
        .fetch_optional(&mut **tx)
        .await?
        .map(GpuSeconds::from);
        // With no hour before these, the running sums start at the first of them. (The
        // collector never files hours before the retention cut, so an hour it forgot is
        // never the one missing here.)
        let starts_here = before.is_none().then_some(first);
        let mut through = before.unwrap_or_default();

        // What each hour and day adds to its project, over what the hour held before.
        let mut hour_deltas = BTreeMap::new();
        let mut day_deltas: BTreeMap<i64, GpuSeconds> = BTreeMap::new();
        for (&hour, &new) in hours {
            let delta = new.minus(rows.get(&hour).copied().unwrap_or_default());
            hour_deltas.insert(hour, delta);
            day_deltas
                .entry(hour.div_euclid(DAY_MS) * DAY_MS)
                .or_default()
                .add(delta);
        }
        rows.extend(hours);
        let last = *rows.keys().next_back().expect("holds the new hours");

        let upsert = self.sql(
            "INSERT INTO workload_hours (workload_id, hour_ms, allocated_gpu_s, idle_gpu_s, \
             used_gpu_s, through_allocated_gpu_s, through_idle_gpu_s, through_used_gpu_s) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (workload_id, hour_ms) DO UPDATE SET \
             allocated_gpu_s = excluded.allocated_gpu_s, idle_gpu_s = excluded.idle_gpu_s, \
             used_gpu_s = excluded.used_gpu_s, \
             through_allocated_gpu_s = excluded.through_allocated_gpu_s, \
             through_idle_gpu_s = excluded.through_idle_gpu_s, \
             through_used_gpu_s = excluded.through_used_gpu_s",
        );
        // The last row's running sums are the workload's through its last hour.
        for (hour, own) in rows {
            through.add(own);
            sqlx::query(&upsert)
                .bind(&facts.id)
                .bind(hour)
                .bind(own.allocated)
                .bind(own.idle)
                .bind(own.used)
                .bind(through.allocated)
                .bind(through.idle)
                .bind(through.used)
                .execute(&mut **tx)
                .await?;
        }
        for (table, column, deltas) in [
            ("project_hours", "hour_ms", hour_deltas),
            ("project_days", "day_ms", day_deltas),
        ] {
            let add = self
                .sql(&format!(
                    "INSERT INTO {table} (project_id, {column}, allocated_gpu_s, idle_gpu_s, \
                 used_gpu_s) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT ({column}, project_id) DO UPDATE SET \
                 allocated_gpu_s = {table}.allocated_gpu_s + excluded.allocated_gpu_s, \
                 idle_gpu_s = {table}.idle_gpu_s + excluded.idle_gpu_s, \
                 used_gpu_s = {table}.used_gpu_s + excluded.used_gpu_s"
                ))
                .into_owned();
            for (at, delta) in deltas {
                sqlx::query(&add)
                    .bind(&facts.project_id)
                    .bind(at)
                    .bind(delta.allocated)
                    .bind(delta.idle)
                    .bind(delta.used)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        sqlx::query(&self.sql(
            "UPDATE workloads SET first_hour_ms = COALESCE($2, first_hour_ms), \
             last_hour_ms = $3, through_allocated_gpu_s = $4, through_idle_gpu_s = $5, \
             through_used_gpu_s = $6 WHERE workload_id = $1",
        ))
        .bind(&facts.id)
        .bind(starts_here)
        .bind(last)
        .bind(through.allocated)
        .bind(through.idle)
        .bind(through.used)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}

/// The three GPU-second columns of a row, by name (`allocated`, `idle`, `used`).
#[derive(Clone, Copy, Debug, sqlx::FromRow)]
pub(super) struct SecondsRow {
    allocated: f64,
    idle: f64,
    used: f64,
}

impl From<SecondsRow> for GpuSeconds {
    fn from(row: SecondsRow) -> Self {
        GpuSeconds {
            allocated: row.allocated,
            idle: row.idle,
            used: row.used,
        }
    }
}

/// One hour's row of a workload.
#[derive(sqlx::FromRow)]
struct HourRow {
    hour_ms: i64,
    #[sqlx(flatten)]
    seconds: SecondsRow,
}
