-- What each running workload's GPUs were doing when the collector last looked, for the
-- table's GPU state column, the overview's counts and the workload page. Written for
-- both SQLite and PostgreSQL.
CREATE TABLE gpu_states (
    workload_id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    -- busy, idle, stalled, never-used or unknown.
    state TEXT NOT NULL,
    -- When it became so (idle, stalled, never used); 0 otherwise.
    since_ms BIGINT NOT NULL DEFAULT 0,
    -- Stalled: how many of its GPUs, of how many measured.
    stalled_gpus BIGINT NOT NULL DEFAULT 0,
    measured_gpus BIGINT NOT NULL DEFAULT 0,
    -- The GPUs it holds.
    gpus_held DOUBLE PRECISION NOT NULL DEFAULT 0,
    checked_ms BIGINT NOT NULL
);
CREATE INDEX gpu_states_by_state ON gpu_states (state);
