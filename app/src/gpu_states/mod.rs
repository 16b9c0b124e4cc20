//! What running workloads' GPUs are doing now (busy, idle, stalled, never used), as the
//! ledger's collector last looked: shared by the table (its column and filter), the
//! overview (what needs attention) and the workload page (where a stall began). The
//! states themselves are defined in the ledger's crate ([`ledger::gpu_state`]).

use serde::{Deserialize, Serialize};

pub use ledger::gpu_state::GpuState;

#[cfg(feature = "ssr")]
pub mod source;

/// A state a table can be narrowed to, as its URL word says (`gpuState=stalled`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StateChoice {
    Busy,
    Idle,
    Stalled,
    NeverUsed,
}

impl StateChoice {
    /// Every choice, in the order menus offer them.
    pub const ALL: [StateChoice; 4] = [
        StateChoice::Stalled,
        StateChoice::NeverUsed,
        StateChoice::Idle,
        StateChoice::Busy,
    ];

    /// Its URL word, the same as [`GpuState::word`].
    pub fn word(self) -> &'static str {
        match self {
            StateChoice::Busy => "busy",
            StateChoice::Idle => "idle",
            StateChoice::Stalled => "stalled",
            StateChoice::NeverUsed => "never-used",
        }
    }

    /// The choice a URL word names.
    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.word() == word)
    }

    /// What a person reads: "whose GPUs are stalled".
    pub fn phrase(self) -> &'static str {
        match self {
            StateChoice::Busy => "whose GPUs are busy",
            StateChoice::Idle => "whose GPUs are idle for now",
            StateChoice::Stalled => "whose GPUs have stalled",
            StateChoice::NeverUsed => "that never used their GPUs",
        }
    }
}

/// The workloads that need someone's attention, among those the viewer may see.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Attention {
    /// Stalled workloads (wholly or in part), and the GPUs they hold.
    pub stalled: usize,
    pub stalled_gpus: f64,
    /// Workloads that never used their GPUs, and the GPUs they hold.
    pub never_used: usize,
    pub never_used_gpus: f64,
    /// How long a GPU stays idle before it counts as stalled, in minutes.
    pub stall_minutes: i64,
    /// When the collector last looked.
    pub checked_ms: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_choice_is_the_word_of_its_state() {
        for choice in StateChoice::ALL {
            assert_eq!(StateChoice::parse(choice.word()), Some(choice));
        }
        let stalled = GpuState::Stalled {
            since_ms: 0,
            gpus: 1,
            of: 2,
        };
        assert_eq!(StateChoice::Stalled.word(), stalled.word());
        assert_eq!(
            StateChoice::NeverUsed.word(),
            GpuState::NeverUsed { since_ms: 0 }.word()
        );
        assert_eq!(StateChoice::parse("unknown"), None);
        assert_eq!(StateChoice::parse("Stalled"), None);
    }
}
