-- Where each alert rule is delivered, who its owner could see when they last signed
-- in, each episode of a rule's condition (one per rule and subject from when it holds
-- until it clears), and the messages sent or waiting to be. Written for both SQLite and
-- PostgreSQL.

-- slack, webhook or email; the destination sealed (a webhook URL is itself a secret),
-- and the part of it shown back.
ALTER TABLE alert_rules ADD COLUMN channel TEXT NOT NULL DEFAULT 'webhook';
ALTER TABLE alert_rules ADD COLUMN target_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE alert_rules ADD COLUMN target_shown TEXT NOT NULL DEFAULT '';

-- The project ids a rule's owner could see when they last signed in (a JSON array).
CREATE TABLE alert_owners (
    owner TEXT PRIMARY KEY,
    projects TEXT NOT NULL,
    signed_in_ms BIGINT NOT NULL
);

-- One row per episode: `subject` is a workload's id or a project's; `cleared_ms` is 0
-- while the condition holds; `notified_ms` is 0 until a message about it is queued.
CREATE TABLE alert_episodes (
    rule_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    title TEXT NOT NULL,
    project TEXT NOT NULL,
    detail TEXT NOT NULL,
    link TEXT NOT NULL,
    opened_ms BIGINT NOT NULL,
    cleared_ms BIGINT NOT NULL DEFAULT 0,
    notified_ms BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (rule_id, subject, opened_ms)
);
CREATE INDEX alert_episodes_open ON alert_episodes (rule_id, cleared_ms);

-- Messages to send: `state` is pending (due at `next_ms`), sent or failed (gave up).
CREATE TABLE alert_deliveries (
    delivery_id TEXT PRIMARY KEY,
    rule_id TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    -- What the message says, as JSON (`ledger::store::AlertMessage`).
    message TEXT NOT NULL,
    summary TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_ms BIGINT NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    sent_ms BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (state, next_ms);
CREATE INDEX alert_deliveries_by_rule ON alert_deliveries (rule_id, created_ms);
