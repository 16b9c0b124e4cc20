//! Why a query was refused before any upstream call. Every message names the
//! parameter and says what would be valid.

use super::{FilterField, FilterOp};

/// A query parameter that is missing or invalid.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// A required parameter is absent.
    #[error("{param} is required")]
    Missing { param: &'static str },
    /// A parameter's value is not valid.
    #[error("{param}: {reason}")]
    Invalid { param: &'static str, reason: String },
    /// One `filterBy` item is not valid.
    #[error("filterBy “{text}”: {source}")]
    Filter { text: String, source: FilterError },
}

impl QueryError {
    /// The parameter at fault, as the spec names it.
    pub fn param(&self) -> &'static str {
        match self {
            QueryError::Missing { param } | QueryError::Invalid { param, .. } => param,
            QueryError::Filter { .. } => "filterBy",
        }
    }

    pub(crate) fn invalid(param: &'static str, reason: impl Into<String>) -> Self {
        QueryError::Invalid {
            param,
            reason: reason.into(),
        }
    }
}

/// A `field op value` item that is not valid.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("a filter cannot be empty")]
    Empty,
    #[error("“{0}” is not a field that can be filtered")]
    UnknownField(String),
    #[error("a filter starts with a field name, e.g. phase==Running")]
    MissingField,
    #[error("no operator: use one of == != <= >= =@ !@ =^ =$ after the field")]
    MissingOperator,
    #[error("{field}{op} needs a value")]
    EmptyValue { field: FilterField, op: FilterOp },
    #[error("{field} is a date: use ==, !=, <= or >=, not {op}")]
    DateOperator { field: FilterField, op: FilterOp },
    #[error("{field} is a date: “{value}” is not ISO 8601 (e.g. 2026-11-27T05:00:00Z)")]
    NotADate { field: FilterField, value: String },
    #[error("{field} is a number: “{value}” is not one")]
    NotANumber { field: FilterField, value: String },
    #[error("{field}{op} needs a whole UUID, “{value}” is not one (use =@ to match a part)")]
    NotAUuid {
        field: FilterField,
        op: FilterOp,
        value: String,
    },
    #[error("a value cannot contain a comma: the API joins filters with commas")]
    Comma,
}
