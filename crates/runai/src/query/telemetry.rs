//! Queries of the telemetry endpoint.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{QueryError, QueryParams, encode_query, word_enum::word_enum};
use crate::model::TelemetryType;

word_enum! {
    /// A key telemetry can be grouped by (at most two at once).
    GroupBy {
        ClusterId = "ClusterId",
        DepartmentId = "DepartmentId",
        ProjectId = "ProjectId",
        Type = "Type",
        CurrentNodepools = "CurrentNodepools",
        Phase = "Phase",
        Category = "Category",
    }
}

/// A telemetry query. It travels (serde) as its query string, as [`crate::query::ListQuery`]
/// does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct TelemetryQuery {
    /// What to count; one of the spec's known types.
    pub telemetry_type: TelemetryType,
    /// Zero, one or two distinct keys.
    pub group_by: Vec<GroupBy>,
    pub cluster_id: Option<Uuid>,
    pub nodepool_name: Option<String>,
    pub department_id: Option<String>,
}

impl TelemetryQuery {
    /// A query for `telemetry_type` with no grouping or filters.
    pub fn new(telemetry_type: TelemetryType) -> Self {
        Self {
            telemetry_type,
            group_by: Vec::new(),
            cluster_id: None,
            nodepool_name: None,
            department_id: None,
        }
    }

    /// Reads a telemetry query; unknown parameters are ignored.
    pub fn from_params(params: &QueryParams) -> Result<Self, QueryError> {
        let telemetry_type = match params.get("telemetryType") {
            None | Some("") => {
                return Err(QueryError::Missing {
                    param: "telemetryType",
                });
            }
            Some(word) => TelemetryType::known(word).ok_or_else(|| {
                QueryError::invalid(
                    "telemetryType",
                    format!("“{word}” is not WORKLOADS_COUNT or GPU_ALLOCATION"),
                )
            })?,
        };
        let group_by = params
            .list("groupBy")
            .into_iter()
            .map(|word| {
                GroupBy::known(word).ok_or_else(|| {
                    QueryError::invalid("groupBy", format!("“{word}” is not a grouping key"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let cluster_id = match params.get("clusterId") {
            None | Some("") => None,
            Some(text) => Some(Uuid::parse_str(text).map_err(|_| {
                QueryError::invalid("clusterId", format!("“{text}” is not a UUID"))
            })?),
        };
        let non_empty = |name| {
            params
                .get(name)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let query = Self {
            telemetry_type,
            group_by,
            cluster_id,
            nodepool_name: non_empty("nodepoolName"),
            department_id: non_empty("departmentId"),
        };
        query.validate()?;
        Ok(query)
    }

    /// Parses a telemetry query string.
    pub fn parse(query: &str) -> Result<Self, QueryError> {
        Self::from_params(&QueryParams::parse(query))
    }

    /// Checks the type is known and `groupBy` holds at most two distinct keys.
    pub fn validate(&self) -> Result<(), QueryError> {
        if !self.telemetry_type.is_known() {
            return Err(QueryError::invalid(
                "telemetryType",
                format!(
                    "“{}” is not WORKLOADS_COUNT or GPU_ALLOCATION",
                    self.telemetry_type
                ),
            ));
        }
        if self.group_by.len() > 2 {
            return Err(QueryError::invalid("groupBy", "at most two keys"));
        }
        if self.group_by.len() == 2 && self.group_by[0] == self.group_by[1] {
            return Err(QueryError::invalid("groupBy", "the two keys must differ"));
        }
        Ok(())
    }

    /// The pairs this query sends, in the spec's form.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("telemetryType", self.telemetry_type.to_string())];
        if !self.group_by.is_empty() {
            let keys: Vec<_> = self.group_by.iter().map(|g| g.as_str()).collect();
            pairs.push(("groupBy", keys.join(",")));
        }
        if let Some(cluster_id) = self.cluster_id {
            pairs.push(("clusterId", cluster_id.to_string()));
        }
        if let Some(nodepool) = &self.nodepool_name {
            pairs.push(("nodepoolName", nodepool.clone()));
        }
        if let Some(department) = &self.department_id {
            pairs.push(("departmentId", department.clone()));
        }
        pairs
    }

    /// The query string, percent-encoded.
    pub fn to_query_string(&self) -> String {
        encode_query(&self.to_pairs())
    }
}

super::params::serde_as_query_string!(TelemetryQuery);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_two_groupings_and_filters() {
        let text = "telemetryType=GPU_ALLOCATION&groupBy=DepartmentId%2CPhase&clusterId=0b7c7a52-1111-4222-8333-944455556666&nodepoolName=h100&departmentId=3";
        let query = TelemetryQuery::parse(text).unwrap();
        assert_eq!(query.group_by, [GroupBy::DepartmentId, GroupBy::Phase]);
        assert_eq!(query.to_query_string(), text);
        let repeated = TelemetryQuery::parse(
            "telemetryType=GPU_ALLOCATION&groupBy=DepartmentId&groupBy=Phase",
        )
        .unwrap();
        assert_eq!(repeated.group_by, query.group_by);
    }

    #[test]
    fn refusals_name_the_parameter() {
        for (text, param) in [
            ("", "telemetryType"),
            ("telemetryType=GPU_HOURS", "telemetryType"),
            ("telemetryType=WORKLOADS_COUNT&groupBy=Colour", "groupBy"),
            (
                "telemetryType=WORKLOADS_COUNT&groupBy=Type,Phase,Category",
                "groupBy",
            ),
            ("telemetryType=WORKLOADS_COUNT&groupBy=Type,Type", "groupBy"),
            ("telemetryType=WORKLOADS_COUNT&clusterId=abc", "clusterId"),
        ] {
            assert_eq!(
                TelemetryQuery::parse(text).unwrap_err().param(),
                param,
                "{text}"
            );
        }
        assert_eq!(GroupBy::ALL.len(), 7);
    }
}
