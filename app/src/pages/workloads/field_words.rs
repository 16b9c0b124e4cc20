//! What each workload field is called where people choose one (the sort menu, the
//! filter builder, a filter's chip): the column's own words where a column shows it.
//! Sort keys and filter fields are the same fields, under the same API words.

use runai::query::{FilterField, SortBy};

/// The words for the field Run:ai calls `word`; a word it adds later reads as itself.
fn field_label(word: &'static str) -> &'static str {
    for key in SortBy::ALL {
        if key.as_str() == word {
            return by_key(*key);
        }
    }
    word
}

/// The sort menu's words for `key`.
pub fn sort_label(key: SortBy) -> &'static str {
    by_key(key)
}

/// The words for filter field `field`.
pub fn filter_label(field: FilterField) -> &'static str {
    field_label(field.as_str())
}

fn by_key(key: SortBy) -> &'static str {
    match key {
        SortBy::Type => "Type",
        SortBy::Name => "Name",
        SortBy::ClusterId => "Cluster",
        SortBy::ProjectId => "Project ID",
        SortBy::ProjectName => "Project",
        SortBy::DepartmentId => "Department ID",
        SortBy::DepartmentName => "Department",
        SortBy::CreatedAt => "Created",
        SortBy::DeletedAt => "Deleted",
        SortBy::SubmittedBy => "Submitted by",
        SortBy::Phase => "Status",
        SortBy::CompletedAt => "Completed",
        SortBy::Nodepool => "Node pool",
        SortBy::DistributedFramework => "Framework",
        SortBy::AllocatedGpu => "GPUs allocated",
        SortBy::IdleGpus => "Idle GPUs (older count)",
        SortBy::IdleAllocatedGpus => "Idle GPUs",
        SortBy::PhaseUpdatedAt => "Status changed",
        SortBy::Category => "Category",
        SortBy::Priority => "Priority",
        SortBy::TotalPendingTimeSeconds => "Waiting time",
        SortBy::TotalRunningTimeSeconds => "Running time",
        SortBy::PriorityClassName => "Priority class",
        SortBy::GuaranteedRuntimeEndsAt => "Guaranteed runtime ends",
        SortBy::AiApplicationId => "AI application ID",
        SortBy::AiApplicationName => "AI application",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::pages::workloads::columns::Column;

    #[test]
    fn every_key_has_its_own_words_and_none_is_an_api_name() {
        let labels: HashSet<&str> = SortBy::ALL.iter().map(|&k| sort_label(k)).collect();
        assert_eq!(labels.len(), SortBy::ALL.len(), "no two keys share words");
        for &key in SortBy::ALL {
            let label = sort_label(key);
            assert_ne!(label, key.as_str());
            let camel = label
                .as_bytes()
                .windows(2)
                .any(|p| p[0].is_ascii_lowercase() && p[1].is_ascii_uppercase());
            assert!(!camel, "{label}");
        }
    }

    #[test]
    fn every_filter_field_has_the_words_of_its_sort_key() {
        for &field in FilterField::ALL {
            let label = filter_label(field);
            assert_ne!(label, field.as_str(), "{field:?} has words");
        }
        assert_eq!(filter_label(FilterField::Phase), "Status");
    }

    #[test]
    fn a_column_that_sorts_by_a_key_is_called_what_the_menu_calls_it() {
        for column in Column::ALL {
            if let Some(key) = column.sort_key() {
                let word = sort_label(key).split(' ').next().unwrap();
                assert!(column.label().contains(word), "{column:?}: {word}");
            }
        }
    }
}
