//! Telemetry as a chart (donut for one grouping, stacked bars for two, one bar for
//! none) and as rows, with the workloads-table link behind every number (server only:
//! the browser receives them drawn).

use charming::{
    Chart,
    component::{Axis, Grid},
    datatype::DataPointItem,
    element::{AxisType, ItemStyle, Tooltip, Trigger},
    series::{Bar, Pie},
};

use super::drawn::{ClickLinks, TelemetryRow};
use crate::components::{bottom_legend, status_colour};
use crate::pages::workloads::view::WorkloadsView;
use crate::url_state::UrlState;
use runai::{
    model::{TelemetryGroup, TelemetryResponse},
    query::{Filter, FilterField, FilterOp, TelemetryQuery},
};

/// The workloads-table filters a query's own filters stand for (its department, node
/// pool and cluster), which every link behind the numbers keeps.
pub fn base_filters(query: &TelemetryQuery) -> Vec<Filter> {
    let department = query
        .department_id
        .iter()
        .filter_map(|d| Filter::new(FilterField::DepartmentId, FilterOp::Eq, d.clone()).ok());
    let nodepool = query
        .nodepool_name
        .iter()
        .filter_map(|p| Filter::new(FilterField::Nodepool, FilterOp::Eq, p.clone()).ok());
    let cluster = query
        .cluster_id
        .iter()
        .filter_map(|c| Filter::new(FilterField::ClusterId, FilterOp::Eq, c.to_string()).ok());
    department.chain(nodepool).chain(cluster).collect()
}

/// What a person reads for a group: its name where the control plane gives one, a
/// cluster's as the operator names it.
pub fn label(group: &TelemetryGroup) -> String {
    match group.name.clone().filter(|n| !n.is_empty()) {
        Some(name) => name,
        None if group.key == "ClusterId" => crate::cluster_names::cluster_name(&group.value),
        None => group.value.clone(),
    }
}

/// The workloads-table filter a group stands for.
fn filter_for(group: &TelemetryGroup) -> Option<Filter> {
    let field = match group.key.as_str() {
        "ClusterId" => FilterField::ClusterId,
        "DepartmentId" => FilterField::DepartmentId,
        "ProjectId" => FilterField::ProjectId,
        "Type" => FilterField::Type,
        "CurrentNodepools" => FilterField::Nodepool,
        "Phase" => FilterField::Phase,
        "Category" => FilterField::Category,
        _ => return None,
    };
    Filter::new(field, FilterOp::Eq, group.value.clone()).ok()
}

/// The table link for a set of groups (and the overview's own filters).
pub fn table_href(groups: &[TelemetryGroup], base: &[Filter]) -> String {
    let mut view = WorkloadsView::default();
    for filter in base
        .iter()
        .cloned()
        .chain(groups.iter().filter_map(filter_for))
    {
        view = view.with_filter(filter);
    }
    view.href()
}

/// The numbers as rows.
pub fn rows(response: &TelemetryResponse, base: &[Filter]) -> Vec<TelemetryRow> {
    response
        .values
        .iter()
        .map(|v| {
            let groups = v.groups.clone().unwrap_or_default();
            TelemetryRow {
                labels: groups.iter().map(label).collect(),
                value: v.value.parse().unwrap_or(0.0),
                href: table_href(&groups, base),
            }
        })
        .collect()
}

/// The chart option, and how a click's `(name, series name)` maps to a table link.
pub fn chart(response: &TelemetryResponse, base: &[Filter], title: &str) -> (Chart, ClickLinks) {
    let rows = rows(response, base);
    let mut links = Vec::new();
    let depth = rows.iter().map(|r| r.labels.len()).max().unwrap_or(0);
    let chart = Chart::new().tooltip(Tooltip::new().trigger(if depth == 1 {
        Trigger::Item
    } else {
        Trigger::Axis
    }));
    let chart = match depth {
        0 => {
            let total: f64 = rows.iter().map(|r| r.value).sum();
            links.push(((title.to_owned(), title.to_owned()), table_href(&[], base)));
            chart
                .x_axis(
                    Axis::new()
                        .type_(AxisType::Category)
                        .data(vec![title.to_owned()]),
                )
                .y_axis(Axis::new().type_(AxisType::Value))
                .series(Bar::new().name(title).data(vec![total]))
        }
        1 => {
            let data: Vec<DataPointItem> = rows
                .iter()
                .map(|r| {
                    let slice = DataPointItem::new(r.value).name(r.labels[0].clone());
                    match status_colour(&r.labels[0]) {
                        Some(colour) => slice.item_style(ItemStyle::new().color(colour)),
                        None => slice,
                    }
                })
                .collect();
            for r in &rows {
                links.push(((r.labels[0].clone(), title.to_owned()), r.href.clone()));
            }
            chart
                .legend(bottom_legend())
                .series(Pie::new().name(title).radius(vec!["40%", "70%"]).data(data))
        }
        _ => {
            let mut categories: Vec<String> = Vec::new();
            let mut stacks: Vec<String> = Vec::new();
            for r in &rows {
                if !categories.contains(&r.labels[0]) {
                    categories.push(r.labels[0].clone());
                }
                if !stacks.contains(&r.labels[1]) {
                    stacks.push(r.labels[1].clone());
                }
                links.push(((r.labels[0].clone(), r.labels[1].clone()), r.href.clone()));
            }
            let mut chart = chart
                .legend(bottom_legend())
                .grid(Grid::new().left(48).right(16).top(24).bottom(64))
                .x_axis(
                    Axis::new()
                        .type_(AxisType::Category)
                        .data(categories.clone()),
                )
                .y_axis(Axis::new().type_(AxisType::Value));
            for stack in &stacks {
                let data: Vec<f64> = categories
                    .iter()
                    .map(|c| {
                        rows.iter()
                            .find(|r| &r.labels[0] == c && &r.labels[1] == stack)
                            .map_or(0.0, |r| r.value)
                    })
                    .collect();
                let mut bar = Bar::new().name(stack.as_str()).stack("total").data(data);
                if let Some(colour) = status_colour(stack) {
                    bar = bar.item_style(ItemStyle::new().color(colour));
                }
                chart = chart.series(bar);
            }
            chart
        }
    };
    (chart, links)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn response(values: serde_json::Value) -> TelemetryResponse {
        serde_json::from_value(json!({"type": "GPU_ALLOCATION", "timestamp": "2026-11-27T05:00:00Z", "values": values})).unwrap()
    }

    #[test]
    fn two_groupings_stack_and_every_segment_links_to_the_filtered_table() {
        let t = response(json!([
            {"value": "3", "groups": [{"key": "DepartmentId", "value": "1", "name": "research"}, {"key": "Phase", "value": "Running"}]},
            {"value": "2", "groups": [{"key": "DepartmentId", "value": "1", "name": "research"}, {"key": "Phase", "value": "Pending"}]},
            {"value": "4", "groups": [{"key": "DepartmentId", "value": "3", "name": "applied-ml"}, {"key": "Phase", "value": "Running"}]}
        ]));
        let (chart, links) = chart(&t, &[], "GPUs");
        let option = serde_json::to_value(&chart).unwrap();
        assert_eq!(
            option["series"].as_array().unwrap().len(),
            2,
            "one stack per phase"
        );
        assert_eq!(option["series"][0]["data"], json!([3.0, 4.0]));
        assert_eq!(option["series"][1]["data"], json!([2.0, 0.0]));
        let link = links
            .iter()
            .find(|(k, _)| k == &("research".to_owned(), "Pending".to_owned()))
            .unwrap();
        assert_eq!(
            link.1,
            "/workloads?filterBy=departmentId%3D%3D1%2Cphase%3D%3DPending"
        );
    }

    #[test]
    fn one_grouping_is_a_donut_with_names() {
        let t = response(json!([{"value": "5", "groups": [{"key": "Type", "value": "Training"}]}]));
        let (chart, links) = chart(&t, &[], "Workloads");
        let option = serde_json::to_value(&chart).unwrap();
        assert_eq!(option["series"][0]["type"], "pie");
        assert_eq!(option["series"][0]["data"][0]["name"], "Training");
        assert_eq!(links[0].1, "/workloads?filterBy=type%3D%3DTraining");
    }

    #[test]
    fn a_status_has_one_colour_in_the_donut_and_in_the_bars() {
        let by_phase = response(json!([
            {"value": "5", "groups": [{"key": "Phase", "value": "Degraded"}]},
            {"value": "2", "groups": [{"key": "Phase", "value": "Running"}]}
        ]));
        let donut = serde_json::to_value(chart(&by_phase, &[], "Workloads").0).unwrap();
        let by_type_and_phase = response(json!([
            {"value": "1", "groups": [{"key": "Type", "value": "Training"}, {"key": "Phase", "value": "Running"}]},
            {"value": "3", "groups": [{"key": "Type", "value": "Training"}, {"key": "Phase", "value": "Degraded"}]}
        ]));
        let bars = serde_json::to_value(chart(&by_type_and_phase, &[], "GPUs").0).unwrap();
        let slice = |name: &str| {
            donut["series"][0]["data"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["name"] == name)
                .unwrap()["itemStyle"]["color"]
                .clone()
        };
        let stack = |name: &str| {
            bars["series"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["name"] == name)
                .unwrap()["itemStyle"]["color"]
                .clone()
        };
        for phase in ["Degraded", "Running"] {
            assert_eq!(
                slice(phase),
                json!(status_colour(phase).unwrap()),
                "{phase}"
            );
            assert_eq!(stack(phase), slice(phase), "{phase}");
        }
    }
}
