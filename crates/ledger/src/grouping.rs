//! What the ledger's rows are summed by: one enum for the URL, the page, the table's
//! filter and the store's columns.

use serde::{Deserialize, Serialize};

/// What the ledger's rows are summed by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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

    /// What a person calls it.
    pub fn label(self) -> &'static str {
        match self {
            Grouping::Project => "Project",
            Grouping::Department => "Department",
            Grouping::Person => "Person",
            Grouping::Nodepool => "Node pool",
        }
    }

    /// The workloads table's filter field for one group's rows (its names, as the
    /// ledger shows them).
    pub fn table_field(self) -> &'static str {
        match self {
            Grouping::Project => "projectName",
            Grouping::Department => "departmentName",
            Grouping::Person => "submittedBy",
            Grouping::Nodepool => "nodepool",
        }
    }

    /// The store's columns that identify a group and name it.
    #[cfg(feature = "store")]
    pub(crate) fn columns(self) -> (&'static str, &'static str) {
        match self {
            Grouping::Project => ("project_id", "project_name"),
            Grouping::Department => ("department_id", "department_name"),
            Grouping::Person => ("submitted_by", "submitted_by"),
            Grouping::Nodepool => ("nodepool", "nodepool"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grouping_reads_back_from_its_word_and_its_json() {
        for grouping in Grouping::ALL {
            assert_eq!(Grouping::parse(grouping.as_str()), Some(grouping));
            let json = serde_json::to_string(&grouping).unwrap();
            assert_eq!(json, format!("\"{}\"", grouping.as_str()));
        }
        assert_eq!(Grouping::parse("team"), None);
    }
}
