//! What the table's answer shows (projects, departments, node pools, submitters): the
//! filter's suggestions offer them beside the fixed vocabularies.

use std::collections::{BTreeMap, BTreeSet};

use super::row::WorkloadRow;

/// Values of the suggestion fields in `rows` (field → sorted values, each once).
pub fn seen_in(rows: &[WorkloadRow]) -> BTreeMap<&'static str, BTreeSet<String>> {
    let mut seen: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
    let mut add = |field: &'static str, value: &str| {
        seen.entry(field).or_default().insert(value.to_owned());
    };
    for row in rows {
        add("projectName", &row.project);
        add("departmentName", &row.department);
        for pool in &row.nodepools {
            add("nodepool", pool);
        }
        if let Some(who) = &row.submitted_by {
            add("submittedBy", who);
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
            gpu_state: None,
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
            queue_place: None,
            blocked: None,
        };
        let rows = [row("vision"), row("vision"), row("nlp")];
        let seen = seen_in(&rows);
        assert_eq!(
            seen["projectName"].iter().collect::<Vec<_>>(),
            ["nlp", "vision"]
        );
        assert_eq!(seen["departmentName"].len(), 1);
        assert!(!seen.contains_key("submittedBy"));
    }
}
