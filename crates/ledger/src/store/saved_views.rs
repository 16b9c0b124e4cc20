//! Views people keep: a page's link under a name, personal (only its owner sees it) or
//! shared (everyone who signs in sees it). Only the owner changes a view; an admin may
//! also change a shared one. The store checks who may in the same statement that
//! changes the row, so a check and a change never see two different rows.

use super::Store;
use crate::error::LedgerError;

/// Views one person may keep, shared ones included: the menu stays short and the table
/// bounded whatever a client sends.
pub const MAX_VIEWS_PER_OWNER: i64 = 50;
/// Shared views listed at most (the newest first past this).
pub const MAX_SHARED_LISTED: i64 = 200;

/// A kept view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedView {
    pub id: String,
    /// The Run:ai identity that saved it.
    pub owner: String,
    pub name: String,
    /// The page's path and query.
    pub link: String,
    pub shared: bool,
    pub updated_ms: i64,
}

/// Who asks to change a view.
#[derive(Clone, Copy, Debug)]
pub struct Actor<'a> {
    pub principal: &'a str,
    /// An admin may change (not see) others' shared views.
    pub admin: bool,
}

/// What a change does to a view.
#[derive(Clone, Copy, Debug)]
pub enum ViewChange<'a> {
    Rename(&'a str),
    /// Keeps the view's name, takes this link.
    Relink(&'a str),
    Delete,
}

#[derive(sqlx::FromRow)]
struct Row {
    view_id: String,
    owner: String,
    name: String,
    link: String,
    shared: i64,
    updated_ms: i64,
}

impl From<Row> for SavedView {
    fn from(row: Row) -> Self {
        Self {
            id: row.view_id,
            owner: row.owner,
            name: row.name,
            link: row.link,
            shared: row.shared != 0,
            updated_ms: row.updated_ms,
        }
    }
}

impl Store {
    /// The views `viewer` sees: shared ones first, then their own personal ones, each by
    /// name.
    pub async fn saved_views(&self, viewer: &str) -> Result<Vec<SavedView>, LedgerError> {
        let shared_sql = self.sql(
            "SELECT view_id, owner, name, link, shared, updated_ms FROM saved_views \
             WHERE shared = 1 ORDER BY updated_ms DESC LIMIT $1",
        );
        let personal_sql = self.sql(
            "SELECT view_id, owner, name, link, shared, updated_ms FROM saved_views \
             WHERE shared = 0 AND owner = $1 LIMIT $2",
        );
        let shared = sqlx::query_as::<_, Row>(&shared_sql)
            .bind(MAX_SHARED_LISTED)
            .fetch_all(&self.pool);
        let personal = sqlx::query_as::<_, Row>(&personal_sql)
            .bind(viewer)
            .bind(MAX_VIEWS_PER_OWNER)
            .fetch_all(&self.pool);
        let (shared, personal) = futures_util::future::try_join(shared, personal).await?;
        let by_name = |rows: Vec<Row>| {
            let mut views: Vec<SavedView> = rows.into_iter().map(SavedView::from).collect();
            views.sort_by_cached_key(|view| view.name.to_lowercase());
            views
        };
        let mut views = by_name(shared);
        views.extend(by_name(personal));
        Ok(views)
    }

    /// Keeps `link` under `name` for `owner`; its new id. Refused when the owner keeps
    /// [`MAX_VIEWS_PER_OWNER`] already.
    pub async fn save_view(
        &self,
        owner: &str,
        name: &str,
        link: &str,
        shared: bool,
        now_ms: i64,
    ) -> Result<String, LedgerError> {
        let id = uuid::Uuid::new_v4().simple().to_string();
        // The count and the insert are one statement, so two saves at once cannot both
        // pass a count taken before either.
        let inserted = sqlx::query(&self.sql(
            "INSERT INTO saved_views (view_id, owner, name, link, shared, updated_ms) \
             SELECT $1, $2, $3, $4, $5, $6 WHERE \
             (SELECT COUNT(*) FROM saved_views WHERE owner = $2) < $7",
        ))
        .bind(&id)
        .bind(owner)
        .bind(name)
        .bind(link)
        .bind(i64::from(shared))
        .bind(now_ms)
        .bind(MAX_VIEWS_PER_OWNER)
        .execute(&self.pool)
        .await?;
        if inserted.rows_affected() == 0 {
            return Err(LedgerError::TooManyViews {
                most: MAX_VIEWS_PER_OWNER,
            });
        }
        Ok(id)
    }

    /// Changes view `id` as `actor` asks: its owner may; an admin may if it is shared.
    /// A view `actor` cannot see is not found; one they see but may not change is
    /// refused.
    pub async fn change_view(
        &self,
        id: &str,
        actor: Actor<'_>,
        change: ViewChange<'_>,
        now_ms: i64,
    ) -> Result<(), LedgerError> {
        let may = "view_id = $1 AND (owner = $2 OR (shared = 1 AND $3 = 1))";
        let statement = match change {
            ViewChange::Rename(_) => {
                format!("UPDATE saved_views SET name = $4, updated_ms = $5 WHERE {may}")
            }
            ViewChange::Relink(_) => {
                format!("UPDATE saved_views SET link = $4, updated_ms = $5 WHERE {may}")
            }
            ViewChange::Delete => format!("DELETE FROM saved_views WHERE {may}"),
        };
        let statement = self.sql(&statement);
        let query = sqlx::query(&statement)
            .bind(id)
            .bind(actor.principal)
            .bind(i64::from(actor.admin));
        let query = match change {
            ViewChange::Rename(text) | ViewChange::Relink(text) => query.bind(text).bind(now_ms),
            ViewChange::Delete => query,
        };
        if query.execute(&self.pool).await?.rows_affected() > 0 {
            return Ok(());
        }
        // Nothing changed: say whether it is missing (or personal to someone else, which
        // is the same to this actor) or only not theirs to change.
        let seen: Option<i64> = sqlx::query_scalar(&self.sql(
            "SELECT shared FROM saved_views WHERE view_id = $1 AND (owner = $2 OR shared = 1)",
        ))
        .bind(id)
        .bind(actor.principal)
        .fetch_optional(&self.pool)
        .await?;
        Err(match seen {
            Some(_) => LedgerError::NotYourView,
            None => LedgerError::NoSuchView,
        })
    }
}
