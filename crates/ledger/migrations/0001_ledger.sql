-- The ledger, written for both SQLite and PostgreSQL (the same statements run on each).

-- What each workload's rows are filed under.
CREATE TABLE workloads (
    workload_id TEXT PRIMARY KEY,
    workload_name TEXT NOT NULL,
    cluster_id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    project_name TEXT NOT NULL,
    department_id TEXT NOT NULL,
    department_name TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    nodepool TEXT NOT NULL
);
CREATE INDEX workloads_by_project ON workloads (project_id);

-- One row per workload and hour it held GPUs, in GPU-seconds.
CREATE TABLE workload_hours (
    workload_id TEXT NOT NULL,
    hour_ms BIGINT NOT NULL,
    allocated_gpu_s DOUBLE PRECISION NOT NULL,
    idle_gpu_s DOUBLE PRECISION NOT NULL,
    used_gpu_s DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (workload_id, hour_ms)
);
CREATE INDEX workload_hours_by_hour ON workload_hours (hour_ms);

-- The same summed per UTC day, so a month's report reads days, not hours.
CREATE TABLE workload_days (
    workload_id TEXT NOT NULL,
    day_ms BIGINT NOT NULL,
    allocated_gpu_s DOUBLE PRECISION NOT NULL,
    idle_gpu_s DOUBLE PRECISION NOT NULL,
    used_gpu_s DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (workload_id, day_ms)
);
CREATE INDEX workload_days_by_day ON workload_days (day_ms);

-- How far each workload's hours are collected (so a resumed round skips it).
CREATE TABLE workload_progress (
    workload_id TEXT PRIMARY KEY,
    collected_to_ms BIGINT NOT NULL
);

-- The collector's one row: how far the ledger is complete, the round under way, and
-- which replica holds the lease to collect.
CREATE TABLE collector_state (
    id INTEGER PRIMARY KEY,
    backfill_from_ms BIGINT NOT NULL,
    collected_to_ms BIGINT NOT NULL,
    round_to_ms BIGINT NOT NULL,
    round_total BIGINT NOT NULL,
    round_done BIGINT NOT NULL,
    idle_threshold_percent DOUBLE PRECISION NOT NULL,
    holder TEXT NOT NULL,
    lease_until_ms BIGINT NOT NULL
);
