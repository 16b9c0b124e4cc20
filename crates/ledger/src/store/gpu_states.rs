//! What each running workload's GPUs were doing when the collector last looked (see
//! [`crate::gpu_state`]): one row per running workload with GPUs, the whole look
//! replaced by the next.

use std::collections::HashMap;

use sqlx::{Arguments, Row, any::AnyArguments};

use super::Store;
use crate::{error::LedgerError, gpu_state::GpuState};

/// Workloads read at most per call by id (a table page is at most 500 rows).
pub const MAX_IDS_PER_READ: usize = 500;

/// A workload's GPU state as last checked.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedState {
    pub workload_id: String,
    pub project_id: String,
    pub state: GpuState,
    /// The GPUs it holds.
    pub gpus_held: f64,
    pub checked_ms: i64,
}

/// `GpuState` as its columns: word, since, stalled GPUs, measured GPUs.
fn columns(state: &GpuState) -> (&'static str, i64, i64, i64) {
    let word = state.word();
    match *state {
        GpuState::Idle { since_ms } | GpuState::NeverUsed { since_ms } => (word, since_ms, 0, 0),
        GpuState::Stalled { since_ms, gpus, of } => (word, since_ms, gpus as i64, of as i64),
        GpuState::Busy | GpuState::Unknown => (word, 0, 0, 0),
    }
}

/// The state its columns hold (`unknown` for a word this version does not know).
fn from_columns(word: &str, since_ms: i64, gpus: i64, of: i64) -> GpuState {
    match word {
        "busy" => GpuState::Busy,
        "idle" => GpuState::Idle { since_ms },
        "stalled" => GpuState::Stalled {
            since_ms,
            gpus: gpus.max(0) as usize,
            of: of.max(0) as usize,
        },
        "never-used" => GpuState::NeverUsed { since_ms },
        _ => GpuState::Unknown,
    }
}

const SELECT: &str = "SELECT workload_id, project_id, state, since_ms, stalled_gpus, \
                      measured_gpus, gpus_held, checked_ms FROM gpu_states";

fn checked(row: &sqlx::any::AnyRow) -> Result<CheckedState, sqlx::Error> {
    Ok(CheckedState {
        workload_id: row.try_get(0)?,
        project_id: row.try_get(1)?,
        state: from_columns(
            row.try_get::<String, _>(2)?.as_str(),
            row.try_get(3)?,
            row.try_get(4)?,
            row.try_get(5)?,
        ),
        gpus_held: row.try_get(6)?,
        checked_ms: row.try_get(7)?,
    })
}

impl Store {
    /// Files one look: `looked` replaces every state filed before, in one transaction,
    /// so readers see one whole look or the one before (never half of one), and the
    /// workloads the look did not see (no longer running) are forgotten.
    pub async fn replace_gpu_states(&self, looked: &[CheckedState]) -> Result<(), LedgerError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM gpu_states")
            .execute(&mut *tx)
            .await?;
        for checked in looked {
            let (word, since_ms, gpus, of) = columns(&checked.state);
            sqlx::query(&self.sql(
                "INSERT INTO gpu_states (workload_id, project_id, state, since_ms, stalled_gpus, \
                 measured_gpus, gpus_held, checked_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 ON CONFLICT (workload_id) DO UPDATE SET project_id = $2, state = $3, \
                 since_ms = $4, stalled_gpus = $5, measured_gpus = $6, gpus_held = $7, \
                 checked_ms = $8",
            ))
            .bind(&checked.workload_id)
            .bind(&checked.project_id)
            .bind(word)
            .bind(since_ms)
            .bind(gpus)
            .bind(of)
            .bind(checked.gpus_held)
            .bind(checked.checked_ms)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The states of the workloads `ids` (the first [`MAX_IDS_PER_READ`]) that have one.
    pub async fn gpu_states_of(
        &self,
        ids: &[String],
    ) -> Result<HashMap<String, CheckedState>, LedgerError> {
        let ids = &ids[..ids.len().min(MAX_IDS_PER_READ)];
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let mut arguments = AnyArguments::default();
        for id in ids {
            arguments.add(id.clone()).expect("a string binds");
        }
        let text = format!("{SELECT} WHERE workload_id IN ({})", marks.join(", "));
        let rows = sqlx::query_with(&self.sql(&text), arguments)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| checked(row).map(|c| (c.workload_id.clone(), c)))
            .collect::<Result<_, _>>()
            .map_err(Into::into)
    }

    /// The states of every workload in `state` (its [`GpuState::word`]), of the projects
    /// `projects` (every project when `None`), at most `limit`, longest so first.
    pub async fn gpu_states_in(
        &self,
        state: &str,
        projects: Option<&[String]>,
        limit: i64,
    ) -> Result<Vec<CheckedState>, LedgerError> {
        let mut arguments = AnyArguments::default();
        arguments.add(state.to_owned()).expect("a string binds");
        arguments.add(limit).expect("an integer binds");
        let visible = match projects {
            None => String::new(),
            Some(ids) => {
                for id in ids {
                    arguments.add(id.clone()).expect("a string binds");
                }
                let marks: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 3)).collect();
                match marks.is_empty() {
                    true => " AND 1 = 0".to_owned(),
                    false => format!(" AND project_id IN ({})", marks.join(", ")),
                }
            }
        };
        let text =
            format!("{SELECT} WHERE state = $1{visible} ORDER BY since_ms, workload_id LIMIT $2");
        let rows = sqlx::query_with(&self.sql(&text), arguments)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(checked)
            .collect::<Result<_, _>>()
            .map_err(Into::into)
    }

    /// When the collector last looked at any running workload (`None`: never, or it
    /// found none running).
    pub async fn gpu_states_checked_ms(&self) -> Result<Option<i64>, LedgerError> {
        let row = sqlx::query("SELECT MAX(checked_ms) FROM gpu_states")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get::<Option<i64>, _>(0)?)
    }

    /// Whether the ledger's hours show workload `id` busy at some point (more allocated
    /// than idle GPU-time).
    pub async fn was_busy(&self, id: &str) -> Result<bool, LedgerError> {
        let row = sqlx::query(&self.sql(
            "SELECT through_allocated_gpu_s - through_idle_gpu_s FROM workloads \
             WHERE workload_id = $1",
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(match row {
            Some(row) => row.try_get::<f64, _>(0)? > 1.0,
            None => false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_survives_its_columns() {
        for state in [
            GpuState::Busy,
            GpuState::Idle { since_ms: 5 },
            GpuState::Stalled {
                since_ms: 7,
                gpus: 7,
                of: 8,
            },
            GpuState::NeverUsed { since_ms: 9 },
            GpuState::Unknown,
        ] {
            let (word, since, gpus, of) = columns(&state);
            assert_eq!(from_columns(word, since, gpus, of), state);
        }
        assert_eq!(from_columns("exploded", 1, 2, 3), GpuState::Unknown);
    }
}
