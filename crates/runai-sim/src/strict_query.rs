//! The strictest reading of the spec's query parameters that the shared query types
//! forgive (the dashboard's own URLs read `k=` as "not given"): an empty value is no
//! number, boolean, date, UUID or enum value, and no array item is empty.

// The refusal is the finished `Response` the handler sends, as in `http.rs`.
#![allow(clippy::result_large_err)]

use axum::{http::StatusCode, response::Response};

use super::error_answer::error;

/// The list's and the count's parameters that are no free text.
pub(crate) const LIST_TYPED: &[&str] = &["deleted", "offset", "limit", "sortOrder", "sortBy"];
/// The telemetry's parameters that are no free text.
pub(crate) const TELEMETRY_TYPED: &[&str] = &["clusterId", "telemetryType"];
/// The metrics' parameters that are no free text.
pub(crate) const METRICS_TYPED: &[&str] = &["start", "end", "numberOfSamples"];

/// Refuses a typed parameter given empty (`offset=`, `clusterId=`: no integer, UUID or
/// enum value is empty) and an array with an empty item (`filterBy=`, `a==1,,b==2`, a
/// trailing comma: the spec's item patterns and enums match no empty string). A strict
/// control plane answers 400 to both, though the dashboard's own URLs forgive them.
pub(crate) fn refuse_empty_values(
    query: Option<&str>,
    typed: &[&str],
    arrays: &[&str],
) -> Result<(), Response> {
    let params = runai::query::QueryParams::parse(query.unwrap_or_default());
    if let Some(name) = typed.iter().find(|name| params.has_empty_value(name)) {
        return Err(error(
            StatusCode::BAD_REQUEST,
            format!("{name}: an empty value is not of the parameter's type"),
        ));
    }
    if let Some(name) = arrays.iter().find(|name| params.has_empty_item(name)) {
        return Err(error(
            StatusCode::BAD_REQUEST,
            format!("{name}: an empty item is not of the array's item type"),
        ));
    }
    Ok(())
}
