//! Alert rules: what a person wants to be told of without looking, about the workloads a
//! table's filter selects (in the `filterBy` grammar) or about one project. Defined here
//! once, with what makes one valid; the store keeps them with their owner.

use runai::query::Filter;
use serde::{Deserialize, Serialize};

mod channel;
mod kind;

pub use self::{channel::Channel, kind::ConditionKind};

/// A rule's name, at most this many characters.
pub const MAX_NAME_CHARS: usize = 80;
/// The longest wait a rule may name: a week.
pub const MAX_MINUTES: u32 = 7 * 24 * 60;
/// Filters one rule may hold, at most.
pub const MAX_FILTERS: usize = 20;
/// A project's name, at most this many characters (Kubernetes' longest name).
pub const MAX_PROJECT_CHARS: usize = 253;

/// What a rule watches for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Condition {
    /// A workload the filter selects fails.
    Fails { filter: String },
    /// One waits longer than `minutes`.
    PendingLongerThan { filter: String, minutes: u32 },
    /// One waits longer than its estimate's p90.
    PendingPastEstimate { filter: String },
    /// One's GPUs have stalled, or were never used, for `minutes`.
    GpusDoingNothing { filter: String, minutes: u32 },
    /// One holds idle GPUs for `minutes`.
    HoldsIdleGpus { filter: String, minutes: u32 },
    /// The project's idle share is over `percent` for a day.
    ProjectIdleShare { project: String, percent: u8 },
    /// The project is projected past its monthly budget.
    ProjectOverBudget { project: String },
    /// Each Monday (UTC), the week before's digest of the projects the owner can see.
    WeeklyDigest {},
}

/// Why a rule cannot be kept, in words for the person making it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RuleError(pub String);

/// The filters `text` (`filterBy`'s value: items joined by commas) holds.
pub fn parse_filters(text: &str) -> Result<Vec<Filter>, RuleError> {
    let items: Vec<&str> = text.split(',').filter(|item| !item.is_empty()).collect();
    if items.len() > MAX_FILTERS {
        return Err(RuleError(format!(
            "a rule holds at most {MAX_FILTERS} filters"
        )));
    }
    items
        .into_iter()
        .map(|item| {
            item.parse::<Filter>()
                .map_err(|err| RuleError(format!("the filter “{item}”: {err}")))
        })
        .collect()
}

impl Condition {
    /// Checks what a person gave: the filter parses, the minutes and the share are in
    /// range, the project is named.
    pub fn validate(&self) -> Result<(), RuleError> {
        let minutes = |minutes: u32| match minutes {
            1..=MAX_MINUTES => Ok(()),
            _ => Err(RuleError(format!(
                "the time is 1 to {MAX_MINUTES} minutes (a week), not {minutes}"
            ))),
        };
        let project = |name: &str| match name.trim().chars().count() {
            1..=MAX_PROJECT_CHARS => Ok(()),
            _ => Err(RuleError("the rule names no project".to_owned())),
        };
        match self {
            Condition::Fails { filter } | Condition::PendingPastEstimate { filter } => {
                parse_filters(filter).map(|_| ())
            }
            Condition::PendingLongerThan { filter, minutes: m }
            | Condition::GpusDoingNothing { filter, minutes: m }
            | Condition::HoldsIdleGpus { filter, minutes: m } => {
                parse_filters(filter)?;
                minutes(*m)
            }
            Condition::ProjectIdleShare {
                project: p,
                percent,
            } => {
                project(p)?;
                match percent {
                    1..=100 => Ok(()),
                    _ => Err(RuleError(format!(
                        "the idle share is 1 to 100 %, not {percent}"
                    ))),
                }
            }
            Condition::ProjectOverBudget { project: p } => project(p),
            Condition::WeeklyDigest {} => Ok(()),
        }
    }

    /// What it watches for, in words: "workloads matching phase==Running that wait
    /// longer than 90 minutes".
    pub fn describe(&self) -> String {
        let matching = |filter: &str| match filter.trim() {
            "" => "all workloads".to_owned(),
            filter => format!("workloads matching {filter}"),
        };
        match self {
            Condition::Fails { filter } => format!("{} that fail", matching(filter)),
            Condition::PendingLongerThan { filter, minutes } => {
                format!(
                    "{} that wait longer than {}",
                    matching(filter),
                    in_minutes(*minutes)
                )
            }
            Condition::PendingPastEstimate { filter } => format!(
                "{} that wait longer than their estimate's 90th percentile",
                matching(filter)
            ),
            Condition::GpusDoingNothing { filter, minutes } => format!(
                "{} whose GPUs have stalled or were never used, for {}",
                matching(filter),
                in_minutes(*minutes)
            ),
            Condition::HoldsIdleGpus { filter, minutes } => format!(
                "{} holding idle GPUs for {}",
                matching(filter),
                in_minutes(*minutes)
            ),
            Condition::ProjectIdleShare { project, percent } => {
                format!("project {project} idle over {percent} % of a day")
            }
            Condition::ProjectOverBudget { project } => {
                format!("project {project} heading past its monthly budget")
            }
            Condition::WeeklyDigest {} => {
                "the weekly digest of the projects you can see, each Monday (UTC)".to_owned()
            }
        }
    }
}

/// "1 minute", "90 minutes".
fn in_minutes(minutes: u32) -> String {
    match minutes {
        1 => "1 minute".to_owned(),
        n => format!("{n} minutes"),
    }
}

/// Checks a rule's name: 1 to [`MAX_NAME_CHARS`] characters, not only spaces.
pub fn validate_name(name: &str) -> Result<(), RuleError> {
    match name.trim().chars().count() {
        1..=MAX_NAME_CHARS => Ok(()),
        0 => Err(RuleError("a rule needs a name".to_owned())),
        _ => Err(RuleError(format!(
            "a rule's name is at most {MAX_NAME_CHARS} characters"
        ))),
    }
}

#[cfg(test)]
mod tests;
