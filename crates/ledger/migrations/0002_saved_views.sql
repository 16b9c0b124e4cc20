-- Views people keep: a page's link under a name, personal or shared with everyone who
-- signs in. Written for both SQLite and PostgreSQL.
CREATE TABLE saved_views (
    view_id TEXT PRIMARY KEY,
    -- The Run:ai identity that saved it.
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    -- The page's path and query: the view itself.
    link TEXT NOT NULL,
    -- 1: everyone who signs in sees it; 0: only its owner.
    shared BIGINT NOT NULL DEFAULT 0,
    updated_ms BIGINT NOT NULL
);
CREATE INDEX saved_views_by_owner ON saved_views (owner);
CREATE INDEX saved_views_shared ON saved_views (shared);
