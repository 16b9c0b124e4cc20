//! `/ledger`: the GPU waste ledger — allocated, idle and used GPU-hours by project,
//! department, person or node pool over a window, from the ledger's store.

pub mod data;
mod page;
mod report;
pub mod view;

pub use page::LedgerPage;
