//! `/failures`: the workloads that failed in a window (the ledger's window grammar),
//! grouped by cause (the failure's reason and message with what varies masked), each
//! group with who and where it hit, when, a sample message and a link to its workloads
//! in the table; and a daily trend by group.

pub mod answer;
pub mod data;
#[cfg(feature = "ssr")]
pub mod grouping;
mod page;
pub mod view;

pub use page::FailuresPage;
