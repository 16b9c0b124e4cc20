//! Saved views: a page's link kept under a name, personal or shared with everyone who
//! signs in, listed in the header's "Views" menu (shared first). Only the owner changes
//! a view, or an admin a shared one. Kept in the ledger's database (SQLite by default,
//! PostgreSQL when configured), keyed by the Run:ai identity; a view is its URL, so its
//! link stays shareable.
//!
//! - [`link`]: which links and names may be kept;
//! - [`data`]: the menu's server functions;
//! - [`ViewsMenu`]: the header's menu, plain forms that work before any script;
//! - `source` (server only): the store, the admins and recent lists, as context.

pub mod data;
pub mod link;
mod menu;
#[cfg(feature = "ssr")]
mod source;

pub use menu::ViewsMenu;
#[cfg(feature = "ssr")]
pub use source::SavedViewsSource;
