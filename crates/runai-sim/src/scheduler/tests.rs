use runai::model::PhaseReason;

use super::*;
use crate::{
    catalog::PRIORITY_CLASSES,
    generate::{self, GpuAsk},
    org::Org,
    timeline::Ending,
};

const MIN: i64 = 60_000;
/// Priority classes by name.
fn class(name: &str) -> &'static crate::catalog::PriorityClass {
    PRIORITY_CLASSES.iter().find(|c| c.name == name).unwrap()
}

/// A one-pool cluster: 8 GPUs, projects 0 and 1 deserve 4 each and may hold up to 8.
fn scheduler() -> Scheduler {
    let mut quota = vec![0.0; 9];
    quota[0] = 4.0;
    quota[1] = 4.0;
    Scheduler::new(vec![PoolSpec {
        cluster: 0,
        name: "default",
        capacity: 8.0,
        limit: quota.iter().map(|q| q * 2.0).collect(),
        limited: vec![true; quota.len()],
        quota,
    }])
}

/// A training job in project `project` asking `gpus` whole GPUs for `run` minutes.
fn job(
    index: u64,
    created_ms: i64,
    project: usize,
    gpus: u32,
    run: i64,
    priority: &str,
) -> SimWorkload {
    let org = Org::new(1);
    let mut w = generate::workload(1, index, created_ms, &org, None);
    w.project = project;
    w.nodepool = "default";
    w.pods = 1;
    w.gpu = GpuAsk::Whole(gpus);
    w.priority = class(priority);
    w.schedule.init_ms = 0;
    w.schedule.run_ms = Some(run * MIN);
    w.schedule.deleted_after_ms = None;
    w
}

fn run(all: Vec<SimWorkload>, to_ms: i64) -> Vec<SimWorkload> {
    run_on(scheduler(), all, to_ms)
}

fn run_on(mut scheduler: Scheduler, mut all: Vec<SimWorkload>, to_ms: i64) -> Vec<SimWorkload> {
    let org = Org::new(1);
    for (i, w) in all.iter().enumerate() {
        scheduler.admit(i, w, &org);
    }
    scheduler.advance(&mut all, to_ms);
    all
}

fn starts(w: &SimWorkload) -> Vec<i64> {
    w.timeline.placements.iter().map(|p| p.start_ms).collect()
}

#[test]
fn a_workload_starts_when_capacity_frees() {
    let all = run(
        vec![
            job(0, 0, 0, 4, 10, "low"),
            job(1, 0, 1, 4, 30, "low"),
            job(2, MIN, 0, 4, 10, "low"),
        ],
        120 * MIN,
    );
    assert_eq!(starts(&all[0]), [CREATING_MS]);
    assert_eq!(starts(&all[1]), [CREATING_MS]);
    // The pool is full until the first job's ten minutes are done.
    assert_eq!(starts(&all[2]), [CREATING_MS + 10 * MIN]);
    assert_eq!(all[2].timeline.reasons, [(MIN + CREATING_MS, None)]);
}

#[test]
fn higher_priority_goes_first_then_the_earlier_one() {
    let all = run(
        vec![
            job(0, 0, 0, 4, 10, "low"),
            job(4, 0, 1, 4, 10, "low"),
            job(1, MIN, 0, 4, 10, "low"),
            job(2, 2 * MIN, 1, 4, 10, "medium-low"),
            job(3, 3 * MIN, 1, 8, 10, "low"),
        ],
        120 * MIN,
    );
    let freed = CREATING_MS + 10 * MIN;
    assert_eq!(starts(&all[3]), [freed], "higher priority, though later");
    assert_eq!(starts(&all[2]), [freed], "then the earliest");
    assert_eq!(
        starts(&all[4]),
        [freed + 10 * MIN],
        "last: latest and lowest"
    );
}

#[test]
fn non_preemptible_work_waits_for_its_quota_even_with_free_gpus() {
    let all = run(
        vec![job(0, 0, 0, 4, 60, "high"), job(1, MIN, 0, 2, 10, "high")],
        30 * MIN,
    );
    assert_eq!(starts(&all[1]), Vec::<i64>::new());
    assert_eq!(
        all[1].timeline.reason_at(30 * MIN),
        Some(PhaseReason::NonPreemptibleOverQuota)
    );
    let later = run(
        vec![job(0, 0, 0, 4, 60, "high"), job(1, MIN, 0, 2, 10, "high")],
        120 * MIN,
    );
    assert_eq!(
        starts(&later[1]),
        [CREATING_MS + 60 * MIN],
        "once the quota frees"
    );
}

#[test]
fn preemptible_work_borrows_up_to_its_limit_and_is_taken_back() {
    let all = run(
        vec![
            // Project 0 borrows the whole pool (its limit is 8).
            job(0, 0, 0, 4, 60, "low"),
            job(1, 0, 0, 4, 60, "very-low"),
            // Project 0 asks for more than its limit: it waits, over the limit.
            job(2, MIN, 0, 1, 10, "low"),
            // Project 1 claims its quota: project 0's lowest-priority job gives way.
            job(3, 10 * MIN, 1, 4, 20, "low"),
        ],
        300 * MIN,
    );
    assert_eq!(
        all[2].timeline.reason_at(5 * MIN),
        Some(PhaseReason::OverLimit)
    );
    let claimed = 10 * MIN + CREATING_MS;
    assert_eq!(starts(&all[3]), [claimed]);
    let victim = &all[1];
    assert_eq!(
        victim.timeline.placements[0].end,
        Some((claimed, Ending::Preempted))
    );
    // It waits again; when the claimant is done, the small job goes first (higher
    // priority) and the victim resumes after it, keeping the work it did: 60 minutes
    // in all, 10 of them before the preemption.
    assert_eq!(starts(&all[2]), [claimed + 20 * MIN]);
    let resumed = victim.timeline.placements[1];
    assert_eq!(resumed.start_ms, claimed + 30 * MIN);
    let worked_before = claimed - CREATING_MS;
    assert_eq!(
        resumed.end,
        Some((
            resumed.start_ms + 60 * MIN - worked_before,
            Ending::Finished
        ))
    );
}

#[test]
fn cpu_only_work_never_waits_and_owners_give_up_on_what_never_starts() {
    let mut cpu = job(0, 0, 0, 0, 10, "low");
    cpu.gpu = GpuAsk::None;
    let mut patient = job(2, MIN, 1, 16, 10, "low");
    patient.schedule.deleted_after_ms = Some(30 * MIN);
    let all = run(vec![cpu, job(1, 0, 1, 8, 600, "low"), patient], 120 * MIN);
    assert_eq!(starts(&all[0]), [CREATING_MS]);
    assert!(all[2].timeline.placements.is_empty());
    assert_eq!(all[2].timeline.deleted_waiting_ms, Some(31 * MIN));
}

#[test]
fn a_pod_waits_for_a_node_with_room_though_the_pool_has_enough_free_gpus() {
    // Two nodes of eight; each project deserves one node's worth.
    let mut quota = vec![0.0; 9];
    quota[0] = 8.0;
    quota[1] = 8.0;
    let two_nodes = Scheduler::new(vec![PoolSpec {
        cluster: 0,
        name: "default",
        capacity: 16.0,
        limit: quota.iter().map(|q| q * 2.0).collect(),
        limited: vec![true; quota.len()],
        quota,
    }]);
    let second = 1_000;
    let all = run_on(
        two_nodes,
        vec![
            // The first two share a node; the third takes the other.
            job(0, 0, 0, 4, 60, "low"),
            job(1, second, 1, 4, 10, "low"),
            job(2, 2 * second, 1, 4, 60, "low"),
            // When the second ends, four GPUs are free on each node: eight in all, but
            // not on one node.
            job(3, 20 * MIN, 0, 8, 10, "low"),
        ],
        120 * MIN,
    );
    assert_eq!(starts(&all[2]), [2 * second + CREATING_MS]);
    assert_eq!(
        all[3].timeline.reason_at(30 * MIN),
        None,
        "it waits for capacity"
    );
    assert_eq!(
        starts(&all[3]),
        [CREATING_MS + 60 * MIN],
        "when the first frees its node"
    );
}

#[test]
fn quotas_move_between_a_pools_projects_every_day_or_two() {
    let org = Org::new(1);
    let mut scheduler = Scheduler::for_load(1, &org, 12.0, 0);
    let before: Vec<PoolSpec> = scheduler.pools().cloned().collect();
    scheduler.advance(&mut [], 23 * 60 * MIN);
    let first_day: Vec<PoolSpec> = scheduler.pools().cloned().collect();
    assert_eq!(first_day, before, "no change within a day");
    scheduler.advance(&mut [], 5 * 24 * 60 * MIN);
    for (before, after) in before.iter().zip(scheduler.pools()) {
        assert_ne!(before.quota, after.quota, "{}", before.name);
        let total = |s: &PoolSpec| s.quota.iter().sum::<f64>();
        assert_eq!(total(before), total(after), "{}", before.name);
        assert_eq!(before.capacity, after.capacity);
    }
}
