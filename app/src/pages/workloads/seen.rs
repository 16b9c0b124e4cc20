//! What the table's answers have shown so far (projects, departments, node pools,
//! submitters): the filter's autocomplete offers them beside the fixed vocabularies.

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;
use runai::query::FilterField;

use super::row::WorkloadRow;

/// Values seen in the answers so far (projects, departments, node pools, submitters),
/// offered by the autocomplete beside the fixed vocabularies.
#[derive(Clone, Copy)]
pub struct SeenValues(pub RwSignal<BTreeMap<&'static str, BTreeSet<String>>>);

impl SeenValues {
    /// Remembers `seen` (field → values), as one answer's results carry them.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub fn merge(&self, seen: BTreeMap<String, Vec<String>>) {
        self.0.update(|known| {
            for (field, values) in seen {
                if let Some(field) = FilterField::ALL.iter().find(|f| f.as_str() == field) {
                    known.entry(field.as_str()).or_default().extend(values);
                }
            }
        });
    }
}

/// Values of the suggestion fields in `rows` (field → sorted values), which the results
/// element carries for the filter's suggestions (borrowed from the rows: a page repeats
/// the same few projects and pools many times).
pub fn seen_in(rows: &[WorkloadRow]) -> BTreeMap<&'static str, BTreeSet<&str>> {
    let mut seen: BTreeMap<&'static str, BTreeSet<&str>> = BTreeMap::new();
    for row in rows {
        seen.entry("projectName").or_default().insert(&row.project);
        seen.entry("departmentName")
            .or_default()
            .insert(&row.department);
        for pool in &row.nodepools {
            seen.entry("nodepool").or_default().insert(pool);
        }
        if let Some(who) = &row.submitted_by {
            seen.entry("submittedBy").or_default().insert(who);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_values_are_collected_per_field_once() {
        let row = |project: &str| WorkloadRow {
            id: String::new(),
            name: String::new(),
            type_: String::new(),
            phase: runai::model::Phase::Running,
            phase_detail: None,
            project: project.to_owned(),
            department: "research".to_owned(),
            submitted_by: None,
            running_pods: 0,
            requested_pods: 0,
            gpu_request: String::new(),
            gpu_allocated: 0.0,
            gpu_memory: None,
            cpu: String::new(),
            memory: String::new(),
            nodepools: vec![],
            priority_class: String::new(),
            preemptible: None,
            idle_gpus: 0.0,
            created_at: runai::model::Timestamp::from_unix_millis(0).expect("the epoch"),
            completed_at: None,
            cluster_id: String::new(),
            pending_s: None,
            phase_since: runai::model::Timestamp::from_unix_millis(0).expect("the epoch"),
            queue_position: None,
        };
        let rows = [row("vision"), row("vision"), row("nlp")];
        let seen = seen_in(&rows);
        assert_eq!(
            seen["projectName"].iter().copied().collect::<Vec<_>>(),
            ["nlp", "vision"]
        );
        assert_eq!(seen["departmentName"].len(), 1);
        assert!(!seen.contains_key("submittedBy"));
    }
}
