//! Where saved views are kept (server only): the ledger's store, and who may change
//! anyone's shared views.

use std::sync::Arc;

use ledger::store::Store;

use crate::error::AppError;

/// The saved views' store and admins (provided as context by the server). Cheap to
/// clone.
#[derive(Clone)]
pub struct SavedViewsSource {
    store: Result<Store, AppError>,
    admins: Arc<[String]>,
}

impl SavedViewsSource {
    /// Views kept in `store` (or why it could not be opened); `admins` may change anyone's
    /// shared views.
    pub fn new(store: Result<Store, AppError>, admins: Vec<String>) -> Self {
        Self {
            store,
            admins: admins.into(),
        }
    }

    /// The store, or why there is none.
    pub fn store(&self) -> Result<&Store, AppError> {
        self.store.as_ref().map_err(Clone::clone)
    }

    /// Whether `principal` may change anyone's shared views.
    pub fn is_admin(&self, principal: &str) -> bool {
        self.admins.iter().any(|admin| admin == principal)
    }
}
