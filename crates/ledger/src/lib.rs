//! Runboard's GPU waste ledger: who held GPUs that did nothing, for how long.
//!
//! Everywhere (the browser's build too):
//! - [`accounts`]: whether a submitter is a person or a service account;
//! - [`alert_rule`]: what an alert rule watches for, and what makes one valid;
//! - [`budgets`]: monthly budgets per project and where a month's use is heading;
//! - [`calendar`]: hours and UTC days, the one hour and day constant;
//! - [`failure_cause`]: a failure's message with what varies masked, so the same error
//!   groups together;
//! - [`gpu_state`]: what a running workload's GPUs are doing now (busy, idle, stalled,
//!   never used);
//! - [`grouping`]: what the rows are summed by;
//! - [`prices`]: what a GPU-hour costs in each node pool;
//! - [`week`]: ISO weeks in UTC, the weekly digest's URL word;
//! - [`window`]: the span a report covers, as its URL word.
//!
//! With the `store` feature (the server):
//! - [`summary`]: what is counted (allocated, idle and used GPU-time) and how one
//!   workload's metrics become hourly GPU-seconds;
//! - [`store`]: the rows, in SQLite (the data directory) or PostgreSQL (shared by
//!   replicas), and the reports the page reads;
//! - [`collector`]: the background task that fills the store from Run:ai within a
//!   budget of calls, resuming where it stopped;
//! - [`visibility`]: which projects a caller's own Run:ai credentials can see.

pub mod accounts;
pub mod alert_rule;
pub mod budgets;
pub mod calendar;
pub mod failure_cause;
pub mod gpu_state;
pub mod grouping;
pub mod prices;
pub mod week;
pub mod window;

#[cfg(feature = "store")]
pub mod collector;
#[cfg(feature = "store")]
mod error;
#[cfg(feature = "store")]
pub mod store;
#[cfg(feature = "store")]
pub mod summary;
#[cfg(feature = "store")]
pub mod visibility;

#[cfg(feature = "store")]
pub use error::LedgerError;
