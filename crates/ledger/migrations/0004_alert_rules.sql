-- Alert rules people keep: what to be told of (a condition, as JSON), personal or
-- shared with everyone who signs in. Written for both SQLite and PostgreSQL.
CREATE TABLE alert_rules (
    rule_id TEXT PRIMARY KEY,
    -- The Run:ai identity that made it.
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    -- What it watches for: `ledger::alert_rule::Condition` as JSON.
    condition TEXT NOT NULL,
    -- 1: everyone who signs in sees it; 0: only its owner.
    shared BIGINT NOT NULL DEFAULT 0,
    updated_ms BIGINT NOT NULL
);
CREATE INDEX alert_rules_by_owner ON alert_rules (owner);
CREATE INDEX alert_rules_shared ON alert_rules (shared);
