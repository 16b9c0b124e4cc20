//! The "Views" menu's server functions: list what the caller sees, save, rename, point
//! at the current view, delete. Each takes the plain form the menu posts, so they work
//! before any script; the server answers a form with a redirect back to the page, or,
//! when a change is refused, with a page that says why.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// A saved view as the menu lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeptView {
    pub id: String,
    pub name: String,
    /// The page's path and query.
    pub link: String,
    pub shared: bool,
    /// Who saved it.
    pub owner: String,
    /// Whether the caller may rename, repoint or delete it.
    pub may_change: bool,
}

/// A checkbox's value when ticked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ticked {
    #[serde(rename = "on")]
    On,
}

/// The views the caller sees: shared ones first, then their own.
#[server(endpoint = "saved_views")]
pub async fn list_saved_views() -> Result<Vec<KeptView>, AppError> {
    let (source, principal, admin) = acting()?;
    let views = source.list(&principal).await?;
    Ok(views
        .iter()
        .map(|view| KeptView {
            may_change: view.owner == principal || (admin && view.shared),
            id: view.id.clone(),
            name: view.name.clone(),
            link: view.link.clone(),
            shared: view.shared,
            owner: view.owner.clone(),
        })
        .collect())
}

/// Keeps `link` under `name`, shared with everyone who signs in when `shared` is ticked.
#[server(endpoint = "save_view")]
pub async fn save_view(name: String, link: String, shared: Option<Ticked>) -> Result<(), AppError> {
    use super::link::{checked_link, checked_name};
    let (source, principal, _) = acting()?;
    let name = checked_name(&name).map_err(AppError::bad_request)?;
    let link = checked_link(&link).map_err(AppError::bad_request)?;
    source
        .save(&principal, name, link, shared.is_some(), now_ms())
        .await
}

/// Renames view `id` to `name`.
#[server(endpoint = "rename_view")]
pub async fn rename_view(id: String, name: String) -> Result<(), AppError> {
    let name = super::link::checked_name(&name).map_err(AppError::bad_request)?;
    change(&id, ledger::store::ViewChange::Rename(name)).await
}

/// Points view `id` at `link` (the view on the page now), keeping its name.
#[server(endpoint = "replace_view")]
pub async fn replace_view(id: String, link: String) -> Result<(), AppError> {
    let link = super::link::checked_link(&link).map_err(AppError::bad_request)?;
    change(&id, ledger::store::ViewChange::Relink(link)).await
}

/// Deletes view `id`.
#[server(endpoint = "delete_view")]
pub async fn delete_view(id: String) -> Result<(), AppError> {
    change(&id, ledger::store::ViewChange::Delete).await
}

/// The store, the caller and whether they are an admin.
#[cfg(feature = "ssr")]
fn acting() -> Result<(super::SavedViewsSource, String, bool), AppError> {
    let caller = crate::caller::current_caller()?;
    let source = use_context::<super::SavedViewsSource>()
        .ok_or_else(|| AppError::unavailable("saved views are not kept on this dashboard"))?;
    let admin = source.is_admin(&caller.principal);
    Ok((source, caller.principal, admin))
}

#[cfg(feature = "ssr")]
async fn change(id: &str, change: ledger::store::ViewChange<'_>) -> Result<(), AppError> {
    let (source, principal, admin) = acting()?;
    let actor = ledger::store::Actor {
        principal: &principal,
        admin,
    };
    source.change(id, actor, change, now_ms()).await
}

#[cfg(feature = "ssr")]
fn now_ms() -> i64 {
    runai::model::Timestamp::now().unix_millis()
}
