//! The compared workloads' facts side by side (server only): what they run, what they
//! ask for, where and how they are scheduled, one row per fact, one value per workload,
//! in words ("—" where it has none). Every environment variable any of them sets is a
//! row of its own, so a changed learning rate shows.

use std::collections::BTreeSet;

use super::answer::FactRow;
use crate::format::{format_bytes, format_count, format_seconds};
use runai::model::{Maybe, RequestResources, Workload, parse_quantity};

/// Environment variables listed at most (the rest are counted in one row).
const MAX_VARIABLES: usize = 60;
/// A value's characters at most.
const MAX_VALUE_CHARS: usize = 300;

fn dash(text: Option<String>) -> String {
    match text.map(|t| t.trim().to_owned()) {
        Some(t) if !t.is_empty() => t.chars().take(MAX_VALUE_CHARS).collect(),
        _ => "—".to_owned(),
    }
}

fn requested(w: &Workload) -> Option<&RequestResources> {
    match &w.workload_requested_resources {
        Maybe::Value(r) => Some(r),
        _ => w.pods_requested_resources.as_ref(),
    }
}

fn gpus(w: &Workload) -> String {
    let Some(r) = requested(w) else {
        return "—".to_owned();
    };
    let devices = r
        .gpu
        .as_ref()
        .and_then(|g| g.request.get())
        .map(|n| format!("{} GPUs", format_count(n)));
    let memory = r
        .gpu_memory
        .as_ref()
        .and_then(|m| m.request.as_ref())
        .and_then(|q| parse_quantity(q))
        .map(|b| format!("{} of GPU memory", format_bytes(b)));
    dash(devices.or(memory))
}

fn cpu(w: &Workload) -> String {
    dash(
        requested(w)
            .and_then(|r| r.cpu.as_ref())
            .and_then(|c| c.request.get())
            .map(|n| format!("{} cores", format_count(n))),
    )
}

fn memory(w: &Workload) -> String {
    dash(
        requested(w)
            .and_then(|r| r.cpu_memory.as_ref())
            .and_then(|m| m.request.as_ref())
            .and_then(|q| parse_quantity(q))
            .map(format_bytes),
    )
}

fn pools(w: &Workload) -> String {
    let pools = w
        .current_node_pools
        .clone()
        .filter(|p| !p.is_empty())
        .or(w.requested_node_pools.clone())
        .unwrap_or_default();
    dash(Some(pools.join(", ")))
}

/// Every fact of `shown`, in their order.
pub fn fact_rows(shown: &[&Workload]) -> Vec<FactRow> {
    type Fact = (&'static str, fn(&Workload) -> String);
    let facts: [Fact; 14] = [
        ("Type", |w| w.type_.clone()),
        ("Project", |w| w.project_name.clone()),
        ("Status", |w| w.phase.to_string()),
        ("Images", |w| {
            dash(w.images.as_ref().map(|images| images.join(", ")))
        }),
        ("Command", |w| dash(w.command.clone())),
        ("Arguments", |w| dash(w.arguments.clone())),
        ("GPUs requested", gpus),
        ("CPU cores requested", cpu),
        ("CPU memory requested", memory),
        ("Node pools", pools),
        ("Priority", |w| {
            let value = w.priority.map(|p| format!(" ({p})")).unwrap_or_default();
            format!("{}{value}", w.priority_class_name)
        }),
        ("Framework", |w| dash(w.distributed_framework.clone())),
        ("Pods (running of requested)", |w| {
            let requested = w
                .requested_pods
                .as_ref()
                .and_then(|p| p.number.get())
                .map_or("—".to_owned(), |n| n.to_string());
            format!("{} of {requested}", w.running_pods)
        }),
        ("Time running", |w| {
            w.total_running_time_seconds
                .get()
                .filter(|s| *s > 0)
                .map_or("not started".to_owned(), |s| format_seconds(s as f64))
        }),
    ];
    let mut rows: Vec<FactRow> = facts
        .iter()
        .map(|(label, value)| FactRow {
            label: (*label).to_owned(),
            values: shown.iter().map(|w| value(w)).collect(),
        })
        .collect();
    let names: BTreeSet<&String> = shown
        .iter()
        .flat_map(|w| {
            w.environment_variables
                .iter()
                .flatten()
                .map(|(name, _)| name)
        })
        .collect();
    for name in names.iter().take(MAX_VARIABLES) {
        rows.push(FactRow {
            label: format!("Environment: {name}"),
            values: shown
                .iter()
                .map(|w| {
                    let value = w.environment_variables.as_ref().and_then(|e| e.get(*name));
                    match value {
                        Some(value) => value.chars().take(MAX_VALUE_CHARS).collect(),
                        None => "not set".to_owned(),
                    }
                })
                .collect(),
        });
    }
    if names.len() > MAX_VARIABLES {
        rows.push(FactRow {
            label: "Environment: others".to_owned(),
            values: vec![
                format!(
                    "{} more variables, not compared",
                    names.len() - MAX_VARIABLES
                );
                shown.len()
            ],
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workload(image: &str, lr: Option<&str>) -> Workload {
        let mut w = crate::pages::compare::sample::workload("a", "vision");
        w.images = Some(vec![image.to_owned()]);
        w.environment_variables = lr.map(|lr| [("LR".to_owned(), lr.to_owned())].into());
        w
    }

    #[test]
    fn rows_say_where_workloads_differ_and_every_variable_is_a_row() {
        let (a, b) = (
            workload("pytorch:25.01", Some("0.001")),
            workload("pytorch:25.01", None),
        );
        let rows = fact_rows(&[&a, &b]);
        let row = |label: &str| rows.iter().find(|r| r.label == label).unwrap();
        assert!(!row("Images").differs());
        assert!(!row("Type").differs());
        let lr = row("Environment: LR");
        assert!(lr.differs());
        assert_eq!(lr.values, ["0.001", "not set"]);
        assert_eq!(row("Command").values, ["—", "—"]);
    }
}
