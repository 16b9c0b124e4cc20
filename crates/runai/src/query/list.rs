//! Queries of the list and count endpoints.

use serde::{Deserialize, Serialize};

use super::{Filter, QueryError, QueryParams, encode_query, word_enum::word_enum};

word_enum! {
    /// A key the list can be sorted by.
    SortBy {
        Type = "type",
        Name = "name",
        ClusterId = "clusterId",
        ProjectId = "projectId",
        ProjectName = "projectName",
        DepartmentId = "departmentId",
        DepartmentName = "departmentName",
        CreatedAt = "createdAt",
        DeletedAt = "deletedAt",
        SubmittedBy = "submittedBy",
        Phase = "phase",
        CompletedAt = "completedAt",
        Nodepool = "nodepool",
        DistributedFramework = "distributedFramework",
        AllocatedGpu = "allocatedGPU",
        IdleGpus = "idleGpus",
        IdleAllocatedGpus = "idleAllocatedGpus",
        PhaseUpdatedAt = "phaseUpdatedAt",
        Category = "category",
        Priority = "priority",
        TotalPendingTimeSeconds = "totalPendingTimeSeconds",
        TotalRunningTimeSeconds = "totalRunningTimeSeconds",
        PriorityClassName = "priorityClassName",
        GuaranteedRuntimeEndsAt = "guaranteedRuntimeEndsAt",
        AiApplicationId = "aiApplicationId",
        AiApplicationName = "aiApplicationName",
    }
}

word_enum! {
    /// Sort direction.
    SortOrder {
        Asc = "asc",
        Desc = "desc",
    }
}

/// The largest page the list endpoint serves.
pub const MAX_LIMIT: u16 = 500;
/// The largest offset: the spec's `offset` is an int32.
pub const MAX_OFFSET: u32 = i32::MAX as u32;

/// Which workloads: the part list and count share, so a count always matches the
/// list's total under the same words.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadSelection {
    /// `true`: only deleted workloads; absent or `false`: only live ones.
    pub deleted: Option<bool>,
    /// All must hold (AND).
    pub filter_by: Vec<Filter>,
    /// Free text over name, project, department, submitter and type.
    pub search: Option<String>,
}

impl WorkloadSelection {
    /// Reads `deleted`, `filterBy` and `search`.
    pub fn from_params(params: &QueryParams) -> Result<Self, QueryError> {
        let deleted = match params.get("deleted") {
            None | Some("") => None,
            Some("true") => Some(true),
            Some("false") => Some(false),
            Some(other) => {
                return Err(QueryError::invalid(
                    "deleted",
                    format!("“{other}” is not true or false"),
                ));
            }
        };
        let filter_by = params
            .list("filterBy")
            .into_iter()
            .map(|text| {
                text.parse::<Filter>().map_err(|source| QueryError::Filter {
                    text: text.to_owned(),
                    source,
                })
            })
            .collect::<Result<_, _>>()?;
        let search = params
            .get("search")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        Ok(Self {
            deleted,
            filter_by,
            search,
        })
    }

    /// The pairs this selection sends, in the spec's form.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(deleted) = self.deleted {
            pairs.push(("deleted", deleted.to_string()));
        }
        if !self.filter_by.is_empty() {
            let joined = self
                .filter_by
                .iter()
                .map(Filter::to_string)
                .collect::<Vec<_>>();
            pairs.push(("filterBy", joined.join(",")));
        }
        if let Some(search) = &self.search {
            pairs.push(("search", search.clone()));
        }
        pairs
    }

    /// Parses a count query string.
    pub fn parse(query: &str) -> Result<Self, QueryError> {
        Self::from_params(&QueryParams::parse(query))
    }

    /// The count query string, percent-encoded.
    pub fn to_query_string(&self) -> String {
        encode_query(&self.to_pairs())
    }
}

/// A list query: a selection plus sorting and paging. It travels (serde) as its query
/// string, so a server function's argument is the same words as the URL and the API call,
/// and reading one validates it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct ListQuery {
    pub selection: WorkloadSelection,
    /// Rows to skip.
    pub offset: Option<u32>,
    /// Rows per page, 1–500 (the API's default is 50).
    pub limit: Option<u16>,
    pub sort_by: Option<SortBy>,
    pub sort_order: Option<SortOrder>,
}

impl ListQuery {
    /// Reads a list query; unknown parameters are ignored.
    pub fn from_params(params: &QueryParams) -> Result<Self, QueryError> {
        let query = Self {
            selection: WorkloadSelection::from_params(params)?,
            offset: parse_number(params, "offset")?,
            limit: parse_number(params, "limit")?,
            sort_by: parse_word(params, "sortBy", SortBy::known, "a sortable field")?,
            sort_order: parse_word(params, "sortOrder", SortOrder::known, "asc or desc")?,
        };
        query.validate()?;
        Ok(query)
    }

    /// Parses a list query string.
    pub fn parse(query: &str) -> Result<Self, QueryError> {
        Self::from_params(&QueryParams::parse(query))
    }

    /// Checks what the types alone cannot: the limit's range.
    pub fn validate(&self) -> Result<(), QueryError> {
        if let Some(offset) = self.offset
            && offset > MAX_OFFSET
        {
            return Err(QueryError::invalid(
                "offset",
                format!("{offset} is past the largest offset, {MAX_OFFSET} (an int32)"),
            ));
        }
        match self.limit {
            Some(limit) if !(1..=MAX_LIMIT).contains(&limit) => Err(QueryError::invalid(
                "limit",
                format!("{limit} is outside 1–{MAX_LIMIT}"),
            )),
            _ => Ok(()),
        }
    }

    /// The pairs this query sends, in the spec's form.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = self.selection.to_pairs();
        if let Some(offset) = self.offset {
            pairs.push(("offset", offset.to_string()));
        }
        if let Some(limit) = self.limit {
            pairs.push(("limit", limit.to_string()));
        }
        if let Some(sort_by) = self.sort_by {
            pairs.push(("sortBy", sort_by.to_string()));
        }
        if let Some(sort_order) = self.sort_order {
            pairs.push(("sortOrder", sort_order.to_string()));
        }
        pairs
    }

    /// The query string, percent-encoded.
    pub fn to_query_string(&self) -> String {
        encode_query(&self.to_pairs())
    }
}

/// An optional unsigned number parameter.
pub(super) fn parse_number<T: std::str::FromStr>(
    params: &QueryParams,
    param: &'static str,
) -> Result<Option<T>, QueryError> {
    match params.get(param) {
        None | Some("") => Ok(None),
        Some(text) => text.parse().map(Some).map_err(|_| {
            QueryError::invalid(param, format!("“{text}” is not a whole number in range"))
        }),
    }
}

/// An optional closed-word parameter.
pub(super) fn parse_word<T>(
    params: &QueryParams,
    param: &'static str,
    known: fn(&str) -> Option<T>,
    expected: &str,
) -> Result<Option<T>, QueryError> {
    match params.get(param) {
        None | Some("") => Ok(None),
        Some(text) => known(text)
            .map(Some)
            .ok_or_else(|| QueryError::invalid(param, format!("“{text}” is not {expected}"))),
    }
}

super::params::serde_as_query_string!(ListQuery);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_query_round_trips_through_its_url() {
        let text = "deleted=true&filterBy=phase%3D%3DRunning%2CallocatedGPU%3E%3D2&search=llm%20tune&offset=100&limit=50&sortBy=createdAt&sortOrder=desc";
        let query = ListQuery::parse(text).unwrap();
        assert_eq!(query.selection.deleted, Some(true));
        assert_eq!(query.selection.filter_by.len(), 2);
        assert_eq!(query.selection.search.as_deref(), Some("llm tune"));
        assert_eq!(query.sort_by, Some(SortBy::CreatedAt));
        assert_eq!(query.to_query_string(), text);
        assert_eq!(ListQuery::parse(&query.to_query_string()).unwrap(), query);
    }

    #[test]
    fn all_26_sort_keys_are_reachable() {
        assert_eq!(SortBy::ALL.len(), 26);
        for &key in SortBy::ALL {
            let query = ListQuery::parse(&format!("sortBy={key}")).unwrap();
            assert_eq!(query.sort_by, Some(key));
        }
    }

    #[test]
    fn unknown_parameters_are_ignored_and_defaults_are_not_sent() {
        let query = ListQuery::parse("columns=name,phase&page=3").unwrap();
        assert_eq!(query, ListQuery::default());
        assert_eq!(query.to_query_string(), "");
    }

    #[test]
    fn invalid_parameters_are_refused_by_name() {
        for (text, param) in [
            ("limit=0", "limit"),
            ("limit=501", "limit"),
            ("limit=ten", "limit"),
            ("offset=-1", "offset"),
            ("offset=2147483648", "offset"),
            ("offset=4294967296", "offset"),
            ("sortBy=colour", "sortBy"),
            ("sortOrder=up", "sortOrder"),
            ("deleted=yes", "deleted"),
            ("filterBy=colour%3D%3Dred", "filterBy"),
        ] {
            let err = ListQuery::parse(text).unwrap_err();
            assert_eq!(err.param(), param, "{text}: {err}");
            assert!(err.to_string().starts_with(param), "{err}");
        }
        assert!(ListQuery::parse("limit=1").is_ok());
        assert!(ListQuery::parse("limit=500").is_ok());
        assert!(ListQuery::parse("offset=2147483647").is_ok());
    }

    #[test]
    fn the_count_query_is_the_lists_selection() {
        let list = ListQuery::parse("filterBy=phase%3D%3DPending&search=x&limit=10").unwrap();
        let count = WorkloadSelection::parse(&list.to_query_string()).unwrap();
        assert_eq!(count, list.selection);
        assert_eq!(
            count.to_query_string(),
            "filterBy=phase%3D%3DPending&search=x"
        );
    }
}
