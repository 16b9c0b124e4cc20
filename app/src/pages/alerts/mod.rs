//! `/alerts`: rules that watch the cluster for a person or the team and send a message
//! when something needs attention (a filtered table's workloads failing, waiting too
//! long or wasting GPUs; a project's idle share or budget), with their last firing and
//! latest messages. The evaluator and the sending run on the server (`server::alerts`,
//! the `alerts` crate); this page makes, lists and deletes rules.

#[cfg(feature = "ssr")]
mod checks;
pub mod data;
mod page;
mod rule_form;
mod rule_list;
#[cfg(feature = "ssr")]
mod source;
pub mod view;

pub use page::AlertsPage;

/// What the server opens and provides for the page (server only).
#[cfg(feature = "ssr")]
pub use source::{AlertsSource, Offered};
