-- The ledger, written for both SQLite and PostgreSQL (the same statements run on each).
--
-- Reports read at most two rows per workload, however long the window: each hour row
-- carries its workload's running sums through it (from the workload's first hour), so a
-- window's sum is a difference; the daily trend reads per-project sums.

-- What each workload's rows are filed under; its first hour (where its running sums
-- start), its last hour and the sums through it, so a report reads a workload that
-- starts and ends inside its window from this row alone.
CREATE TABLE workloads (
    workload_id TEXT PRIMARY KEY,
    workload_name TEXT NOT NULL,
    cluster_id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    project_name TEXT NOT NULL,
    department_id TEXT NOT NULL,
    department_name TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    nodepool TEXT NOT NULL,
    first_hour_ms BIGINT NOT NULL DEFAULT 0,
    last_hour_ms BIGINT NOT NULL DEFAULT 0,
    through_allocated_gpu_s DOUBLE PRECISION NOT NULL DEFAULT 0,
    through_idle_gpu_s DOUBLE PRECISION NOT NULL DEFAULT 0,
    through_used_gpu_s DOUBLE PRECISION NOT NULL DEFAULT 0
);
CREATE INDEX workloads_by_project ON workloads (project_id);
CREATE INDEX workloads_by_last_hour ON workloads (last_hour_ms);

-- One row per workload and hour it held GPUs, in GPU-seconds, with the workload's
-- running sums through that hour.
CREATE TABLE workload_hours (
    workload_id TEXT NOT NULL,
    hour_ms BIGINT NOT NULL,
    allocated_gpu_s DOUBLE PRECISION NOT NULL,
    idle_gpu_s DOUBLE PRECISION NOT NULL,
    used_gpu_s DOUBLE PRECISION NOT NULL,
    through_allocated_gpu_s DOUBLE PRECISION NOT NULL,
    through_idle_gpu_s DOUBLE PRECISION NOT NULL,
    through_used_gpu_s DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (workload_id, hour_ms)
);
CREATE INDEX workload_hours_by_hour ON workload_hours (hour_ms);

-- Each project's GPU-seconds per hour and per UTC day, for the daily trend.
CREATE TABLE project_hours (
    project_id TEXT NOT NULL,
    hour_ms BIGINT NOT NULL,
    allocated_gpu_s DOUBLE PRECISION NOT NULL,
    idle_gpu_s DOUBLE PRECISION NOT NULL,
    used_gpu_s DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (hour_ms, project_id)
);
CREATE TABLE project_days (
    project_id TEXT NOT NULL,
    day_ms BIGINT NOT NULL,
    allocated_gpu_s DOUBLE PRECISION NOT NULL,
    idle_gpu_s DOUBLE PRECISION NOT NULL,
    used_gpu_s DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (day_ms, project_id)
);

-- How far each workload's hours are collected (so a resumed round skips it).
CREATE TABLE workload_progress (
    workload_id TEXT PRIMARY KEY,
    collected_to_ms BIGINT NOT NULL
);

-- The collector's one row: how far the ledger is complete, the round under way, which
-- replica holds the lease to collect, and where retention has cut (reports start there
-- at the earliest, so the ranking and the trend never differ by forgotten hours).
CREATE TABLE collector_state (
    id INTEGER PRIMARY KEY,
    backfill_from_ms BIGINT NOT NULL,
    collected_to_ms BIGINT NOT NULL,
    round_to_ms BIGINT NOT NULL,
    round_total BIGINT NOT NULL,
    round_done BIGINT NOT NULL,
    idle_threshold_percent DOUBLE PRECISION NOT NULL,
    holder TEXT NOT NULL,
    lease_until_ms BIGINT NOT NULL,
    kept_from_ms BIGINT NOT NULL DEFAULT 0
);
