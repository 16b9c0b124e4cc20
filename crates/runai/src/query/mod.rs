//! The query parameters of each endpoint, validated when built or parsed.
//!
//! Each query type reads itself from a query string ([`ListQuery::parse`]) and writes
//! itself the way the spec serializes it ([`ListQuery::to_query_string`]): array
//! parameters `explode: false`, one key with the items joined by commas and the whole
//! value percent-encoded. Parsing accepts both the joined and the repeated-key form.
//! Parameters a query does not know are ignored, so a dashboard URL can carry view
//! state (columns, page) next to the API's words.

mod error;
mod filter;
mod filter_field;
mod list;
mod metrics;
mod params;
mod telemetry;
mod word_enum;

pub use error::{FilterError, QueryError};
pub use filter::Filter;
pub use filter_field::{FieldKind, FilterField, FilterOp};
pub use list::{ListQuery, SortBy, SortOrder, WorkloadSelection};
pub use metrics::{MAX_SAMPLES, MetricsQuery};
pub use params::{QueryParams, encode_query};
pub use telemetry::{GroupBy, TelemetryQuery};
