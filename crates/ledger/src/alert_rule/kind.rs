//! The kinds of condition a form chooses from, and a condition's fields as the form
//! shows them.

use serde::{Deserialize, Serialize};

use super::Condition;

/// What kind of condition a rule has, as a form chooses it; the form's other fields
/// fill it in ([`ConditionKind::with`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ConditionKind {
    Fails,
    PendingLongerThan,
    PendingPastEstimate,
    GpusDoingNothing,
    HoldsIdleGpus,
    ProjectIdleShare,
    ProjectOverBudget,
    WeeklyDigest,
}

impl ConditionKind {
    /// The kinds a person may choose, in the form's order.
    pub const OFFERED: [ConditionKind; 8] = [
        ConditionKind::Fails,
        ConditionKind::PendingLongerThan,
        ConditionKind::PendingPastEstimate,
        ConditionKind::GpusDoingNothing,
        ConditionKind::HoldsIdleGpus,
        ConditionKind::ProjectIdleShare,
        ConditionKind::ProjectOverBudget,
        ConditionKind::WeeklyDigest,
    ];

    /// Its word in forms (the condition's `kind` in the store).
    pub fn word(self) -> &'static str {
        match self {
            ConditionKind::Fails => "fails",
            ConditionKind::PendingLongerThan => "pendingLongerThan",
            ConditionKind::PendingPastEstimate => "pendingPastEstimate",
            ConditionKind::GpusDoingNothing => "gpusDoingNothing",
            ConditionKind::HoldsIdleGpus => "holdsIdleGpus",
            ConditionKind::ProjectIdleShare => "projectIdleShare",
            ConditionKind::ProjectOverBudget => "projectOverBudget",
            ConditionKind::WeeklyDigest => "weeklyDigest",
        }
    }

    /// What a person reads in the form's choice.
    pub fn label(self) -> &'static str {
        match self {
            ConditionKind::Fails => "A workload fails",
            ConditionKind::PendingLongerThan => "A workload waits longer than the minutes below",
            ConditionKind::PendingPastEstimate => {
                "A workload waits longer than nine in ten like it did (its estimate's 90th \
                 percentile)"
            }
            ConditionKind::GpusDoingNothing => {
                "A workload's GPUs stall or go unused for the minutes below"
            }
            ConditionKind::HoldsIdleGpus => "A workload holds idle GPUs for the minutes below",
            ConditionKind::ProjectIdleShare => {
                "A project's GPUs sit idle over the share below for a day"
            }
            ConditionKind::ProjectOverBudget => "A project heads past its monthly budget",
            ConditionKind::WeeklyDigest => "Each Monday: the week before's digest",
        }
    }

    /// Whether it watches a project (not the workloads a filter selects).
    pub fn is_about_a_project(self) -> bool {
        matches!(
            self,
            ConditionKind::ProjectIdleShare | ConditionKind::ProjectOverBudget
        )
    }

    /// The condition with the form's fields.
    pub fn with(self, filter: String, minutes: u32, project: String, percent: u8) -> Condition {
        let project = project.trim().to_owned();
        match self {
            ConditionKind::Fails => Condition::Fails { filter },
            ConditionKind::PendingLongerThan => Condition::PendingLongerThan { filter, minutes },
            ConditionKind::PendingPastEstimate => Condition::PendingPastEstimate { filter },
            ConditionKind::GpusDoingNothing => Condition::GpusDoingNothing { filter, minutes },
            ConditionKind::HoldsIdleGpus => Condition::HoldsIdleGpus { filter, minutes },
            ConditionKind::ProjectIdleShare => Condition::ProjectIdleShare { project, percent },
            ConditionKind::ProjectOverBudget => Condition::ProjectOverBudget { project },
            ConditionKind::WeeklyDigest => Condition::WeeklyDigest {},
        }
    }
}

impl Condition {
    /// The form's fields for it: its kind, filter, minutes, project and share, each at
    /// the form's default where it has none.
    pub fn fields(&self) -> (ConditionKind, String, u32, String, u8) {
        let (none, minutes, percent) = (String::new(), 60, 50);
        match self {
            Condition::Fails { filter } => {
                (ConditionKind::Fails, filter.clone(), minutes, none, percent)
            }
            Condition::PendingLongerThan { filter, minutes } => (
                ConditionKind::PendingLongerThan,
                filter.clone(),
                *minutes,
                none,
                percent,
            ),
            Condition::PendingPastEstimate { filter } => (
                ConditionKind::PendingPastEstimate,
                filter.clone(),
                minutes,
                none,
                percent,
            ),
            Condition::GpusDoingNothing { filter, minutes } => (
                ConditionKind::GpusDoingNothing,
                filter.clone(),
                *minutes,
                none,
                percent,
            ),
            Condition::HoldsIdleGpus { filter, minutes } => (
                ConditionKind::HoldsIdleGpus,
                filter.clone(),
                *minutes,
                none,
                percent,
            ),
            Condition::ProjectIdleShare { project, percent } => (
                ConditionKind::ProjectIdleShare,
                none,
                minutes,
                project.clone(),
                *percent,
            ),
            Condition::ProjectOverBudget { project } => (
                ConditionKind::ProjectOverBudget,
                none,
                minutes,
                project.clone(),
                percent,
            ),
            Condition::WeeklyDigest {} => (
                ConditionKind::WeeklyDigest,
                none.clone(),
                minutes,
                none,
                percent,
            ),
        }
    }
}
