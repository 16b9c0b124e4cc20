//! The overview's state, which is its URL: grouping, filters and refresh.

use uuid::Uuid;

use crate::{
    components::Refresh,
    url_state::{Problem, UrlQuery, UrlState},
};
use runai::{
    model::TelemetryType,
    query::{GroupBy, QueryParams, TelemetryQuery},
};

/// The overview's URL state.
#[derive(Clone, Debug, PartialEq)]
pub struct OverviewView {
    /// Zero, one or two groupings (default: department and phase).
    pub group_by: Vec<GroupBy>,
    pub cluster_id: Option<Uuid>,
    pub nodepool: Option<String>,
    pub department_id: Option<String>,
    pub refresh: Refresh,
    /// What could not be read from the URL.
    pub problems: Vec<Problem>,
}

impl Default for OverviewView {
    fn default() -> Self {
        Self {
            group_by: vec![GroupBy::DepartmentId, GroupBy::Phase],
            cluster_id: None,
            nodepool: None,
            department_id: None,
            refresh: Refresh::Off,
            problems: Vec::new(),
        }
    }
}

impl UrlState for OverviewView {
    const PATH: &'static str = "/overview";
}

impl UrlQuery for OverviewView {
    fn from_params(params: &QueryParams) -> Self {
        let mut view = Self::default();
        if let Some(words) = params.get("groupBy") {
            let mut keys = Vec::new();
            for word in words.split(',').filter(|w| !w.is_empty() && *w != "none") {
                match GroupBy::known(word) {
                    Some(key) if !keys.contains(&key) && keys.len() < 2 => keys.push(key),
                    Some(_) => view.problems.push(Problem::new(
                        "groupBy",
                        format!("at most two different keys (ignored “{word}”)"),
                    )),
                    None => view.problems.push(Problem::new(
                        "groupBy",
                        format!("“{word}” is not a grouping key"),
                    )),
                }
            }
            // Nothing usable asked for: the default grouping, as for any unusable
            // parameter (`none`, or an empty value, asks for no grouping).
            if !keys.is_empty() || view.problems.is_empty() {
                view.group_by = keys;
            }
        }
        if let Some(text) = params.get("clusterId").filter(|v| !v.is_empty()) {
            match Uuid::parse_str(text) {
                Ok(id) => view.cluster_id = Some(id),
                Err(_) => view
                    .problems
                    .push(Problem::new("clusterId", format!("“{text}” is not a UUID"))),
            }
        }
        view.nodepool = params
            .get("nodepoolName")
            .filter(|v| !v.is_empty())
            .map(str::to_owned);
        view.department_id = params
            .get("departmentId")
            .filter(|v| !v.is_empty())
            .map(str::to_owned);
        view.refresh = Refresh::from_params(params, &mut view.problems);
        view
    }

    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs: Vec<(&'static str, String)> = Vec::new();
        if self.group_by != Self::default().group_by {
            let words: Vec<&str> = self.group_by.iter().map(|g| g.as_str()).collect();
            pairs.push((
                "groupBy",
                if words.is_empty() {
                    "none".to_owned()
                } else {
                    words.join(",")
                },
            ));
        }
        if let Some(id) = self.cluster_id {
            pairs.push(("clusterId", id.to_string()));
        }
        if let Some(pool) = &self.nodepool {
            pairs.push(("nodepoolName", pool.clone()));
        }
        if let Some(id) = &self.department_id {
            pairs.push(("departmentId", id.clone()));
        }
        if self.refresh != Refresh::Off {
            pairs.push(("refresh", self.refresh.id().to_owned()));
        }
        pairs
    }

    fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

impl OverviewView {
    /// The telemetry call for `kind` under this view.
    pub fn telemetry(&self, kind: TelemetryType) -> TelemetryQuery {
        TelemetryQuery {
            telemetry_type: kind,
            group_by: self.group_by.clone(),
            cluster_id: self.cluster_id,
            nodepool_name: self.nodepool.clone(),
            department_id: self.department_id.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_holds_the_picker_and_filters() {
        let view = OverviewView::from_params(&QueryParams::parse(
            "groupBy=Type&departmentId=3&refresh=30s",
        ));
        assert_eq!(view.group_by, [GroupBy::Type]);
        assert_eq!(
            view.href(),
            "/overview?groupBy=Type&departmentId=3&refresh=30s"
        );
        assert_eq!(
            OverviewView::from_params(&QueryParams::parse(&view.href()[10..])),
            view
        );
        assert_eq!(OverviewView::default().href(), "/overview");
        let none = OverviewView::from_params(&QueryParams::parse("groupBy=none"));
        assert!(none.group_by.is_empty());
        assert_eq!(none.href(), "/overview?groupBy=none");
        assert_eq!(
            none.telemetry(TelemetryType::GpuAllocation)
                .to_query_string(),
            "telemetryType=GPU_ALLOCATION"
        );
        let bad = OverviewView::from_params(&QueryParams::parse(
            "groupBy=Colour,Type,Phase,Category&clusterId=x",
        ));
        assert_eq!(bad.group_by, [GroupBy::Type, GroupBy::Phase]);
        assert_eq!(bad.problems.len(), 3);
    }
}
