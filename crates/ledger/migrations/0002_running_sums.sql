-- Reports read at most two rows per workload instead of all its hours: each hour
-- carries the workload's running sums through it (from its first hour), so any window's
-- sum is a difference. The daily trend reads per-project sums.

ALTER TABLE workload_hours ADD COLUMN through_allocated_gpu_s DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE workload_hours ADD COLUMN through_idle_gpu_s DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE workload_hours ADD COLUMN through_used_gpu_s DOUBLE PRECISION NOT NULL DEFAULT 0;
UPDATE workload_hours SET through_allocated_gpu_s = r.a, through_idle_gpu_s = r.i,
    through_used_gpu_s = r.u
FROM (
    SELECT workload_id, hour_ms, SUM(allocated_gpu_s) OVER w AS a, SUM(idle_gpu_s) OVER w AS i,
        SUM(used_gpu_s) OVER w AS u
    FROM workload_hours WINDOW w AS (PARTITION BY workload_id ORDER BY hour_ms)
) r
WHERE r.workload_id = workload_hours.workload_id AND r.hour_ms = workload_hours.hour_ms;

-- Each workload's first hour (where its running sums start), last hour and the sums
-- through it: a report reads a workload that starts and ends inside its window from
-- this row alone.
ALTER TABLE workloads ADD COLUMN first_hour_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE workloads ADD COLUMN last_hour_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE workloads ADD COLUMN through_allocated_gpu_s DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE workloads ADD COLUMN through_idle_gpu_s DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE workloads ADD COLUMN through_used_gpu_s DOUBLE PRECISION NOT NULL DEFAULT 0;
UPDATE workloads SET first_hour_ms = s.first_hour_ms, last_hour_ms = s.last_hour_ms
FROM (
    SELECT workload_id, MIN(hour_ms) AS first_hour_ms, MAX(hour_ms) AS last_hour_ms
    FROM workload_hours GROUP BY workload_id
) s
WHERE s.workload_id = workloads.workload_id;
UPDATE workloads SET through_allocated_gpu_s = h.through_allocated_gpu_s,
    through_idle_gpu_s = h.through_idle_gpu_s, through_used_gpu_s = h.through_used_gpu_s
FROM workload_hours h
WHERE h.workload_id = workloads.workload_id AND h.hour_ms = workloads.last_hour_ms;
CREATE INDEX workloads_by_last_hour ON workloads (last_hour_ms);

-- Each project's GPU-seconds per hour and per UTC day, for the daily trend.
CREATE TABLE project_hours (
    project_id TEXT NOT NULL,
    hour_ms BIGINT NOT NULL,
    allocated_gpu_s DOUBLE PRECISION NOT NULL,
    idle_gpu_s DOUBLE PRECISION NOT NULL,
    used_gpu_s DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (hour_ms, project_id)
);
INSERT INTO project_hours (project_id, hour_ms, allocated_gpu_s, idle_gpu_s, used_gpu_s)
SELECT w.project_id, h.hour_ms, SUM(h.allocated_gpu_s), SUM(h.idle_gpu_s), SUM(h.used_gpu_s)
FROM workload_hours h JOIN workloads w ON w.workload_id = h.workload_id
GROUP BY w.project_id, h.hour_ms;

CREATE TABLE project_days (
    project_id TEXT NOT NULL,
    day_ms BIGINT NOT NULL,
    allocated_gpu_s DOUBLE PRECISION NOT NULL,
    idle_gpu_s DOUBLE PRECISION NOT NULL,
    used_gpu_s DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (day_ms, project_id)
);
-- From the hours, so every day holds what the ranking can read (the first schema's daily
-- sums kept the whole of the day retention cut into).
INSERT INTO project_days (project_id, day_ms, allocated_gpu_s, idle_gpu_s, used_gpu_s)
SELECT project_id, hour_ms - (hour_ms % 86400000), SUM(allocated_gpu_s), SUM(idle_gpu_s),
    SUM(used_gpu_s)
FROM project_hours
GROUP BY project_id, hour_ms - (hour_ms % 86400000);

DROP TABLE workload_days;

-- Where retention has cut: reports start there at the earliest, so the ranking and the
-- trend never differ by hours one of them has forgotten.
ALTER TABLE collector_state ADD COLUMN kept_from_ms BIGINT NOT NULL DEFAULT 0;
