//! Runboard's user interface, shared by the server (`ssr`) and the browser (`hydrate`).
//!
//! - [`shell`] and [`App`]: the HTML document and the router.
//! - [`pages`]: one module a route, each keyed on its URL query, with its server
//!   functions and their answers next to the components that show them.
//! - [`components`]: pieces every page uses (notes, charts, the refresh schedule, …).
//! - [`error`]: the one error type of every server function; [`caller`] (server only):
//!   who a server function acts for; [`auth`]: what the sign-in page offers;
//!   [`upstream`]: where the data comes from.
//! - [`queue`]: a pending workload's place in its node pools' queue, and its likely wait.
//! - [`mod@format`]: human-readable units.
//! - [`conditional`] (server only): what a page was made from, for its validator.

pub mod assets;
pub mod auth;
pub mod build;
#[cfg(feature = "ssr")]
pub mod caller;
pub mod cluster_names;
pub mod components;
#[cfg(feature = "ssr")]
pub mod conditional;
#[cfg(feature = "ssr")]
pub mod download;
pub mod error;
#[cfg(feature = "ssr")]
pub mod every_page;
pub mod format;
pub mod gpu_states;
pub mod metric_series;
pub mod pages;
pub mod queue;
pub mod saved_views;
mod shell;
pub mod time_zone;
pub mod upstream;
pub mod url_state;

pub use shell::{App, shell};
