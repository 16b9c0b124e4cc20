//! Alert rules: what a person wants to be told of without looking, about the workloads a
//! table's filter selects (in the `filterBy` grammar) or about one project. Defined here
//! once, with what makes one valid; the store keeps them with their owner.

use runai::query::Filter;
use serde::{Deserialize, Serialize};

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

/// What kind of condition a rule has, as a form chooses it; the form's other fields
/// fill it in ([`ConditionKind::with`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ConditionKind {
    Fails,
    PendingLongerThan,
    GpusDoingNothing,
    HoldsIdleGpus,
    ProjectIdleShare,
    ProjectOverBudget,
    WeeklyDigest,
}

impl ConditionKind {
    /// The kinds a person may choose, in the form's order.
    pub const OFFERED: [ConditionKind; 7] = [
        ConditionKind::Fails,
        ConditionKind::PendingLongerThan,
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
            ConditionKind::GpusDoingNothing => Condition::GpusDoingNothing { filter, minutes },
            ConditionKind::HoldsIdleGpus => Condition::HoldsIdleGpus { filter, minutes },
            ConditionKind::ProjectIdleShare => Condition::ProjectIdleShare { project, percent },
            ConditionKind::ProjectOverBudget => Condition::ProjectOverBudget { project },
            ConditionKind::WeeklyDigest => Condition::WeeklyDigest {},
        }
    }
}

/// Where a rule's messages go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// A Slack-compatible incoming webhook (blocks with a link to each workload).
    Slack,
    /// Any HTTPS endpoint, sent JSON signed with an HMAC header.
    #[default]
    Webhook,
    /// An e-mail address, over the configured SMTP server.
    Email,
}

impl Channel {
    /// Every channel, in the form's order.
    pub const ALL: [Channel; 3] = [Channel::Slack, Channel::Webhook, Channel::Email];

    /// Its word in the store and in forms.
    pub fn word(self) -> &'static str {
        match self {
            Channel::Slack => "slack",
            Channel::Webhook => "webhook",
            Channel::Email => "email",
        }
    }

    /// The channel a word names.
    pub fn from_word(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.word() == word)
    }

    /// Its name for people.
    pub fn label(self) -> &'static str {
        match self {
            Channel::Slack => "Slack webhook",
            Channel::Webhook => "Signed JSON webhook",
            Channel::Email => "E-mail",
        }
    }
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

    /// The form's fields for it: its kind (`None` for one the form does not offer),
    /// filter, minutes, project and share, each at the form's default where it has none.
    pub fn fields(&self) -> (Option<ConditionKind>, String, u32, String, u8) {
        let (none, minutes, percent) = (String::new(), 60, 50);
        match self {
            Condition::Fails { filter } => (
                Some(ConditionKind::Fails),
                filter.clone(),
                minutes,
                none,
                percent,
            ),
            Condition::PendingLongerThan { filter, minutes } => (
                Some(ConditionKind::PendingLongerThan),
                filter.clone(),
                *minutes,
                none,
                percent,
            ),
            Condition::PendingPastEstimate { filter } => {
                (None, filter.clone(), minutes, none, percent)
            }
            Condition::GpusDoingNothing { filter, minutes } => (
                Some(ConditionKind::GpusDoingNothing),
                filter.clone(),
                *minutes,
                none,
                percent,
            ),
            Condition::HoldsIdleGpus { filter, minutes } => (
                Some(ConditionKind::HoldsIdleGpus),
                filter.clone(),
                *minutes,
                none,
                percent,
            ),
            Condition::ProjectIdleShare { project, percent } => (
                Some(ConditionKind::ProjectIdleShare),
                none,
                minutes,
                project.clone(),
                *percent,
            ),
            Condition::ProjectOverBudget { project } => (
                Some(ConditionKind::ProjectOverBudget),
                none,
                minutes,
                project.clone(),
                percent,
            ),
            Condition::WeeklyDigest {} => (
                Some(ConditionKind::WeeklyDigest),
                none.clone(),
                minutes,
                none,
                percent,
            ),
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
mod tests {
    use super::*;

    #[test]
    fn a_rule_on_a_tables_filter_reads_and_says_what_it_watches() {
        let waits = Condition::PendingLongerThan {
            filter: "phase==Pending,nodepool==h100-80gb".to_owned(),
            minutes: 90,
        };
        assert_eq!(waits.validate(), Ok(()));
        assert_eq!(
            waits.describe(),
            "workloads matching phase==Pending,nodepool==h100-80gb that wait longer than 90 minutes"
        );
        // Kept as JSON in the store, and read back the same.
        let json = serde_json::to_string(&waits).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"pendingLongerThan","filter":"phase==Pending,nodepool==h100-80gb","minutes":90}"#
        );
        assert_eq!(serde_json::from_str::<Condition>(&json).unwrap(), waits);
        let budget = Condition::ProjectOverBudget {
            project: "vision".to_owned(),
        };
        assert_eq!(budget.validate(), Ok(()));
        assert_eq!(
            budget.describe(),
            "project vision heading past its monthly budget"
        );
        let all = Condition::Fails {
            filter: String::new(),
        };
        assert_eq!(all.describe(), "all workloads that fail");
    }

    #[test]
    fn a_forms_fields_make_the_condition_its_kind_names() {
        for kind in ConditionKind::OFFERED {
            let made = kind.with("phase==Pending".to_owned(), 30, " vision ".to_owned(), 40);
            let json = serde_json::to_value(&made).unwrap();
            assert_eq!(json["kind"], kind.word(), "{kind:?}");
            assert_eq!(made.validate(), Ok(()), "{kind:?}");
            // The change form reads them back.
            let (back, filter, minutes, project, percent) = made.fields();
            assert_eq!(back, Some(kind));
            assert_eq!(
                kind.with(filter, minutes, project, percent),
                made,
                "{kind:?}"
            );
        }
    }

    #[test]
    fn channels_read_back_from_their_words() {
        for channel in Channel::ALL {
            assert_eq!(Channel::from_word(channel.word()), Some(channel));
        }
        assert_eq!(Channel::from_word("pager"), None);
    }

    #[test]
    fn bad_rules_say_what_is_wrong() {
        let said = |c: Condition| c.validate().unwrap_err().0;
        assert!(
            said(Condition::Fails {
                filter: "colour==red".to_owned()
            })
            .contains("“colour==red”")
        );
        let too_long = Condition::HoldsIdleGpus {
            filter: String::new(),
            minutes: MAX_MINUTES + 1,
        };
        assert!(said(too_long).contains("1 to 10080 minutes"));
        let never = Condition::GpusDoingNothing {
            filter: String::new(),
            minutes: 0,
        };
        assert!(said(never).contains("not 0"));
        let share = Condition::ProjectIdleShare {
            project: "vision".to_owned(),
            percent: 0,
        };
        assert!(said(share).contains("1 to 100 %"));
        let nameless = Condition::ProjectOverBudget {
            project: "  ".to_owned(),
        };
        assert!(said(nameless).contains("names no project"));
        let many = vec!["phase==Running"; MAX_FILTERS + 1].join(",");
        assert!(said(Condition::Fails { filter: many }).contains("at most"));
        assert!(validate_name("  ").is_err());
        assert!(validate_name(&"x".repeat(MAX_NAME_CHARS + 1)).is_err());
        assert_eq!(validate_name("H100 waits"), Ok(()));
        assert!(serde_json::from_str::<Condition>(r#"{"kind":"explode"}"#).is_err());
    }
}
