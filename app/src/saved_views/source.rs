//! Where saved views are kept (server only): the ledger's store, who may change anyone's
//! shared views, and what each person's menu listed last. The menu is in every page's
//! header, and a live page is loaded again every few seconds: each person's list is
//! read from the store at most once in [`LISTED_FOR`], and forgotten by this replica
//! as soon as it changes one (another replica's change shows within that time).

use std::{sync::Arc, time::Duration};

use ledger::store::{Actor, SavedView, Store, ViewChange};
use moka::sync::Cache;

use crate::error::AppError;

/// How long a person's list is kept.
pub const LISTED_FOR: Duration = Duration::from_secs(10);
/// People whose lists are kept at once, at most.
const LISTS_KEPT: u64 = 10_000;

/// The saved views' store, admins and recent lists (provided as context by the
/// server). Cheap to clone.
#[derive(Clone)]
pub struct SavedViewsSource {
    store: Result<Store, AppError>,
    admins: Arc<[String]>,
    listed: Cache<String, Arc<Vec<SavedView>>>,
}

impl SavedViewsSource {
    /// Views kept in `store` (or why it could not be opened); `admins` may change anyone's
    /// shared views.
    pub fn new(store: Result<Store, AppError>, admins: Vec<String>) -> Self {
        Self {
            store,
            admins: admins.into(),
            listed: Cache::builder()
                .max_capacity(LISTS_KEPT)
                .time_to_live(LISTED_FOR)
                .build(),
        }
    }

    /// The store, or why there is none.
    fn store(&self) -> Result<&Store, AppError> {
        self.store.as_ref().map_err(Clone::clone)
    }

    /// Whether `principal` may change anyone's shared views.
    pub fn is_admin(&self, principal: &str) -> bool {
        self.admins.iter().any(|admin| admin == principal)
    }

    /// The views `viewer` sees: shared ones first, then their own.
    pub async fn list(&self, viewer: &str) -> Result<Arc<Vec<SavedView>>, AppError> {
        if let Some(views) = self.listed.get(viewer) {
            return Ok(views);
        }
        let views = Arc::new(self.store()?.saved_views(viewer).await?);
        self.listed.insert(viewer.to_owned(), views.clone());
        Ok(views)
    }

    /// Keeps `link` under `name` for `owner`.
    pub async fn save(
        &self,
        owner: &str,
        name: &str,
        link: &str,
        shared: bool,
        now_ms: i64,
    ) -> Result<(), AppError> {
        self.store()?
            .save_view(owner, name, link, shared, now_ms)
            .await?;
        // A shared view is in everyone's list.
        self.listed.invalidate_all();
        Ok(())
    }

    /// Changes view `id` as `actor` asks, if they may.
    pub async fn change(
        &self,
        id: &str,
        actor: Actor<'_>,
        change: ViewChange<'_>,
        now_ms: i64,
    ) -> Result<(), AppError> {
        self.store()?.change_view(id, actor, change, now_ms).await?;
        self.listed.invalidate_all();
        Ok(())
    }
}
