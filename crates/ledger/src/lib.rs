//! Runboard's GPU waste ledger: who held GPUs that did nothing, for how long.
//!
//! - [`summary`]: what is counted (allocated, idle and used GPU-time) and how one
//!   workload's metrics become hourly GPU-seconds;
//! - [`store`]: the rows, in SQLite (the data directory) or PostgreSQL (shared by
//!   replicas), and the reports the page reads;
//! - [`collector`]: the background task that fills the store from Run:ai within a
//!   budget of calls, resuming where it stopped.

pub mod collector;
mod error;
pub mod store;
pub mod summary;

pub use error::LedgerError;
