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
    /// Remembers what one answer's results carry ([`seen_query`]'s text).
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub fn merge_query(&self, carried: &str) {
        self.0.update(|known| {
            for (field, value) in form_urlencoded::parse(carried.as_bytes()) {
                if let Some(field) = FilterField::ALL.iter().find(|f| f.as_str() == field) {
                    known
                        .entry(field.as_str())
                        .or_default()
                        .insert(value.into_owned());
                }
            }
        });
    }
}

/// Values of the suggestion fields in `rows`, each once, as a query string
/// (`projectName=nlp&projectName=vision&…`) for the results element to carry: the
/// browser reads it with the URL code it already has, not a JSON parser.
pub fn seen_query(rows: &[WorkloadRow]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (field, values) in seen_in(rows) {
        for value in values {
            query.append_pair(field, value);
        }
    }
    query.finish()
}

/// Values of the suggestion fields in `rows` (field → sorted values), borrowed from the
/// rows: a page repeats the same few projects and pools many times.
fn seen_in(rows: &[WorkloadRow]) -> BTreeMap<&'static str, BTreeSet<&str>> {
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
        let rows = [row("vision"), row("vision"), row("a&b=c")];
        assert_eq!(
            seen_query(&rows),
            "departmentName=research&projectName=a%26b%3Dc&projectName=vision",
            "each value once, sorted, escaped; no submitter when none is known"
        );
    }
}
