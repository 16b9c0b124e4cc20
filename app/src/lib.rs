//! Runboard's user interface, shared by the server (`ssr`) and the browser (`hydrate`).
//!
//! - [`shell`] and [`App`]: the HTML document and the router.
//! - [`auth`]: the sign-in page's options and the signed-in caller.
//! - [`pages`]: one module a route, each keyed on its URL query.
//! - [`components`]: reusable pieces (charts, …).
//! - [`trace`]: the recorded H100 GPU trace, its types and the server function that serves it.
//! - [`mod@format`]: human-readable units.

pub mod assets;
pub mod auth;
pub mod components;
pub mod format;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server_error;
mod shell;
pub mod trace;
pub mod upstream;

pub use shell::{App, shell};
