//! `/digest`: the weekly digest — one ISO week (UTC) of the GPU time, idle workloads,
//! failures and waits the reader may see, its numbers read through the ledger's and
//! the failures page's own server functions. The same week is sent each Monday by a
//! "weekly digest" alert rule, linking here.

pub mod data;
mod page;
pub mod view;

pub use page::DigestPage;
