//! Where the GPU states come from (server only): the ledger's store, which the
//! collector fills, and who may see which project's.

use std::{collections::HashMap, sync::Arc};

use ledger::{
    store::{CheckedState, Store},
    visibility::Visibility,
};
use runai::client::{Credentials, RunaiClient};

use super::{Attention, GpuState, StateChoice};
use crate::error::AppError;

/// Workloads of one state read at most: a table narrowed to a state, and the overview's
/// counts, stay bounded whatever the cluster.
pub const MAX_IN_STATE: i64 = 10_000;

/// The GPU states as pages read them (provided as context by the server). Cheap to
/// clone.
#[derive(Clone)]
pub struct GpuStatesSource {
    parts: Arc<Parts>,
}

struct Parts {
    store: Result<Store, AppError>,
    visibility: Visibility,
    stall_minutes: i64,
}

impl GpuStatesSource {
    /// States from `store` (or why it could not be opened); `client` asks who may see
    /// what; `stall_minutes` is the collector's stall window.
    pub fn new(store: Result<Store, AppError>, client: RunaiClient, stall_minutes: i64) -> Self {
        Self {
            parts: Arc::new(Parts {
                store,
                visibility: Visibility::new(client),
                stall_minutes,
            }),
        }
    }

    fn store(&self) -> Result<&Store, AppError> {
        self.parts.store.as_ref().map_err(Clone::clone)
    }

    /// The states of the workloads `ids` that have one (the caller already sees these
    /// workloads: their ids came from its own list), read a bounded number at a time.
    pub async fn of(&self, ids: &[String]) -> Result<HashMap<String, CheckedState>, AppError> {
        let store = self.store()?;
        let mut states = HashMap::new();
        for some in ids.chunks(ledger::store::MAX_IDS_PER_READ) {
            states.extend(store.gpu_states_of(some).await?);
        }
        Ok(states)
    }

    /// The workloads in `choice`, at most [`MAX_IN_STATE`], any project: whoever reads
    /// them narrows their own list with them, so nobody learns of what they cannot see.
    pub async fn in_state(&self, choice: StateChoice) -> Result<Vec<CheckedState>, AppError> {
        Ok(self
            .store()?
            .gpu_states_in(choice.word(), None, MAX_IN_STATE)
            .await?)
    }

    /// What needs attention among the projects `credentials` may see; `None` before the
    /// collector's first look.
    pub async fn attention(
        &self,
        credentials: &Credentials,
    ) -> Result<Option<Attention>, AppError> {
        let store = self.store()?;
        let Some(checked_ms) = store.gpu_states_checked_ms().await? else {
            return Ok(None);
        };
        let stalled = store
            .gpu_states_in(StateChoice::Stalled.word(), None, MAX_IN_STATE)
            .await?;
        let never = store
            .gpu_states_in(StateChoice::NeverUsed.word(), None, MAX_IN_STATE)
            .await?;
        let mut projects: Vec<String> = stalled
            .iter()
            .chain(&never)
            .map(|s| s.project_id.clone())
            .collect();
        projects.sort();
        projects.dedup();
        let visible = self
            .parts
            .visibility
            .projects(credentials, projects)
            .await?;
        let seen = |states: &[CheckedState]| -> (usize, f64) {
            states
                .iter()
                .filter(|s| visible.contains(&s.project_id))
                .fold((0, 0.0), |(n, gpus), s| (n + 1, gpus + s.gpus_held))
        };
        let (stalled_n, stalled_gpus) = seen(&stalled);
        let (never_n, never_gpus) = seen(&never);
        Ok(Some(Attention {
            stalled: stalled_n,
            stalled_gpus,
            never_used: never_n,
            never_used_gpus: never_gpus,
            stall_minutes: self.parts.stall_minutes,
            checked_ms,
        }))
    }

    /// The state of one workload the caller sees, if the collector has looked at it.
    pub async fn one(&self, id: &str) -> Result<Option<GpuState>, AppError> {
        Ok(self
            .of(&[id.to_owned()])
            .await?
            .remove(id)
            .map(|checked| checked.state))
    }
}
