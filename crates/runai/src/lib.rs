//! A typed Rust client for the NVIDIA Run:ai 2.23 Workloads API.
//!
//! The API has five endpoints, all under `/api/v1/workloads`: list, get, count,
//! telemetry and metrics. This crate is the one place the spec
//! (`data/runai/openapi.json`) becomes Rust, and everything else uses it: the
//! server's client, the embedded simulator and the browser components alike.
//!
//! - [`model`]: every schema of the spec, with the exact JSON names. A `nullable` field
//!   is an `Option` that is always sent; an optional field is an `Option` that is left
//!   out when `None`; a field that is both is a [`model::Maybe`], which tells "absent"
//!   from `null`. Enums keep values a newer control plane may send in an `Other`
//!   variant instead of failing to decode.
//! - [`query`]: the query parameters of each endpoint, validated on construction, and
//!   the `filterBy` language ([`query::Filter`]). The same types serialize the upstream
//!   call and the dashboard's own URLs, so a view's URL and its API call are the same
//!   words.
//! - [`client`] (feature `client`, server side): an authenticated client with token
//!   caching, a read cache, retries, a circuit breaker and typed errors ([`ApiError`]);
//!   [`csv`]: the one CSV writer, for Run:ai's CSV answers and the dashboard's downloads.
//!
//! ```no_run
//! # #[cfg(feature = "client")]
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use runai::{Secret, client::{ClientConfig, Credentials, RunaiClient}, query::ListQuery};
//!
//! let client = RunaiClient::new(ClientConfig::new("https://myorg.run.ai"))?;
//! let creds = Credentials::access_key("my-client-id", Secret::new("…"));
//! let query = ListQuery::parse("filterBy=phase%3D%3DRunning&sortBy=createdAt&sortOrder=desc")?;
//! let page = client.list_workloads(&creds, &query).await?;
//! for workload in &page.workloads {
//!     println!("{} is {}", workload.name, workload.phase);
//! }
//! # Ok(())
//! # }
//! ```

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "client")]
pub mod csv;
mod error;
mod loggable;
pub mod model;
pub mod query;
mod secret;

pub use error::ApiError;
pub use loggable::{LOGGED_INPUT_CHARS, loggable};
pub use secret::Secret;
