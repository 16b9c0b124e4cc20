//! Telemetry computed from the same workloads as list and count.

use std::collections::BTreeMap;

use runai::{
    csv::CsvWriter,
    model::{TelemetryGroup, TelemetryResponse, TelemetryType, TelemetryValue, Timestamp},
    query::{GroupBy, TelemetryQuery},
};

use super::{
    cluster::{Cluster, Scope},
    generate::SimWorkload,
    lifecycle::Status,
    materialize::gpu_memory,
    org::Org,
};

/// A group's value and display name for one key.
fn group(w: &SimWorkload, st: &Status, org: &Org, key: GroupBy) -> TelemetryGroup {
    let (value, name) = match key {
        GroupBy::ClusterId => {
            let cluster = org.cluster_of(w.project);
            (cluster.id.to_string(), Some(cluster.name.to_owned()))
        }
        GroupBy::DepartmentId => {
            let department = org.department_of(w.project);
            (department.id.to_owned(), Some(department.name.to_owned()))
        }
        GroupBy::ProjectId => {
            let project = &org.projects[w.project];
            (project.id.to_owned(), Some(project.name.to_owned()))
        }
        GroupBy::Type => (w.kind.name.to_owned(), None),
        GroupBy::CurrentNodepools => (w.nodepool.to_owned(), None),
        GroupBy::Phase => (st.phase.as_str().to_owned(), None),
        GroupBy::Category => (w.kind.category.to_owned(), None),
    };
    TelemetryGroup {
        key: key.as_str().to_owned(),
        value,
        name,
    }
}

/// The telemetry endpoint's answer at `now_ms`.
pub fn telemetry(
    cluster: &Cluster,
    now_ms: i64,
    scope: &Scope,
    query: &TelemetryQuery,
) -> TelemetryResponse {
    let org = &cluster.org;
    // Keyed by the groups' (key, value) pairs, so the output is in a stable order.
    type GroupKey = Vec<(String, String)>;
    let mut sums: BTreeMap<GroupKey, (Vec<TelemetryGroup>, f64)> = BTreeMap::new();
    cluster.with_live(now_ms, scope, |rows| {
        for (w, st) in rows {
            let department = org.department_of(w.project);
            let in_cluster = query
                .cluster_id
                .is_none_or(|id| org.clusters[department.cluster].id == id);
            let in_pool = query
                .nodepool_name
                .as_deref()
                .is_none_or(|pool| pool == w.nodepool);
            let in_department = query
                .department_id
                .as_deref()
                .is_none_or(|id| id == department.id);
            if !(in_cluster && in_pool && in_department) {
                continue;
            }
            let amount = match query.telemetry_type {
                TelemetryType::GpuAllocation if st.is_active() => w.gpus(gpu_memory(w, org)),
                TelemetryType::GpuAllocation => continue,
                _ => 1.0,
            };
            let groups: Vec<TelemetryGroup> = query
                .group_by
                .iter()
                .map(|&key| group(w, &st, org, key))
                .collect();
            let key = groups
                .iter()
                .map(|g| (g.key.clone(), g.value.clone()))
                .collect();
            sums.entry(key).or_insert_with(|| (groups, 0.0)).1 += amount;
        }
    });
    let mut values: Vec<TelemetryValue> = sums
        .into_values()
        .map(|(groups, sum)| TelemetryValue {
            value: format_value(sum),
            groups: (!groups.is_empty()).then_some(groups),
        })
        .collect();
    if values.is_empty() && query.group_by.is_empty() {
        values.push(TelemetryValue {
            value: "0".to_owned(),
            groups: None,
        });
    }
    TelemetryResponse {
        type_: query.telemetry_type.as_str().to_owned(),
        timestamp: Timestamp::from_unix_millis(now_ms).unwrap_or_else(Timestamp::now),
        values,
    }
}

fn format_value(sum: f64) -> String {
    if sum.fract() == 0.0 {
        format!("{sum:.0}")
    } else {
        format!("{:.2}", sum)
    }
}

/// The same answer as CSV: one column pair (`Key`, `KeyName`) per grouping, then `value`.
pub fn to_csv(response: &TelemetryResponse, query: &TelemetryQuery) -> String {
    let mut header: Vec<String> = query
        .group_by
        .iter()
        .flat_map(|key| [key.as_str().to_owned(), format!("{}Name", key.as_str())])
        .collect();
    header.push("value".to_owned());
    let mut csv = CsvWriter::verbatim();
    csv.row(&header);
    for value in &response.values {
        let mut cells: Vec<&str> = Vec::new();
        for group in value.groups.iter().flatten() {
            cells.push(&group.value);
            cells.push(group.name.as_deref().unwrap_or(""));
        }
        cells.push(&value.value);
        csv.row(cells);
    }
    csv.finish()
}
