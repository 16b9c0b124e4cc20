//! `/ledger`: the GPU waste ledger — allocated, idle and used GPU-hours by project,
//! department, person or node pool over a window, from the ledger's store.

mod amounts;
mod budgets;
mod coverage;
pub mod data;
#[cfg(feature = "ssr")]
pub mod export;
mod page;
mod report;
pub mod view;

pub use page::LedgerPage;

/// The page's download, routed by the server (server only).
#[cfg(feature = "ssr")]
pub fn download_routes() -> axum::Router<super::Downloads> {
    axum::Router::new().route("/export/ledger.csv", axum::routing::get(export::ledger_csv))
}

/// What the server opens and provides for the page (server only).
#[cfg(feature = "ssr")]
pub use data::source::{LedgerSource, LedgerTerms};
