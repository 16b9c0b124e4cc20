//! Failed workloads grouped by cause (server only): the cause is the failure's reason
//! (its `Failed` condition's, else the phase's) and message with what varies masked
//! ([`ledger::failure_cause`]); each group says how many, which projects, people, node
//! pools and images, first and last seen, a sample, and how many a day.

use std::collections::HashMap;

use ledger::{
    calendar::DAY_MS,
    failure_cause::{cause_id, failure_cause, failure_said},
};
use runai::model::Workload;

use super::answer::{FailureGroup, FailuresAnswer, Tally};

/// Names kept per tally: the most frequent.
const TALLY_KEPT: usize = 5;

/// When `w` failed: its completion, else when its phase last changed.
fn failed_at(w: &Workload) -> i64 {
    w.completed_at
        .get()
        .unwrap_or(w.phase_updated_at)
        .unix_millis()
}

fn tally(counts: HashMap<String, usize>) -> Tally {
    let mut tally: Tally = counts.into_iter().collect();
    tally.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    tally.truncate(TALLY_KEPT);
    tally
}

/// The failures among `workloads` within `[from_ms, to_ms]` (each once), by cause;
/// `truncated`: more were left unread.
pub fn group(workloads: &[Workload], from_ms: i64, to_ms: i64, truncated: bool) -> FailuresAnswer {
    let first_day = from_ms.div_euclid(DAY_MS) * DAY_MS;
    let days: Vec<i64> = (0..)
        .map(|i| first_day + i * DAY_MS)
        .take_while(|day| *day <= to_ms)
        .collect();
    #[derive(Default)]
    struct Building {
        cause: String,
        failures: usize,
        deleted: usize,
        projects: HashMap<String, usize>,
        people: HashMap<String, usize>,
        pools: HashMap<String, usize>,
        images: HashMap<String, usize>,
        first_ms: i64,
        last_ms: i64,
        sample: String,
        per_day: Vec<usize>,
    }
    let mut seen = std::collections::HashSet::new();
    let mut groups: HashMap<String, Building> = HashMap::new();
    for w in workloads {
        let at = failed_at(w);
        if !(from_ms..=to_ms).contains(&at) || !seen.insert(w.id) {
            continue;
        }
        let (reason, message) = failure_said(w);
        let cause = failure_cause(reason, message);
        let group = groups.entry(cause.clone()).or_insert_with(|| Building {
            cause,
            first_ms: at,
            last_ms: at,
            per_day: vec![0; days.len()],
            ..Building::default()
        });
        group.failures += 1;
        group.deleted += usize::from(w.deleted_at.is_some());
        *group.projects.entry(w.project_name.clone()).or_default() += 1;
        let who = w
            .submitted_by
            .clone()
            .unwrap_or_else(|| "unknown".to_owned());
        *group.people.entry(who).or_default() += 1;
        let pools = match w.current_node_pools.as_deref() {
            Some(pools) if !pools.is_empty() => pools.to_vec(),
            _ => w.requested_node_pools.clone().unwrap_or_default(),
        };
        for pool in pools {
            *group.pools.entry(pool).or_default() += 1;
        }
        for image in w.images.iter().flatten() {
            *group.images.entry(image.clone()).or_default() += 1;
        }
        group.first_ms = group.first_ms.min(at);
        if at >= group.last_ms || group.sample.is_empty() {
            group.last_ms = at;
            group.sample = message.or(reason).unwrap_or_default().to_owned();
        }
        let day = ((at - first_day) / DAY_MS) as usize;
        if let Some(slot) = group.per_day.get_mut(day) {
            *slot += 1;
        }
    }
    let mut groups: Vec<FailureGroup> = groups
        .into_values()
        .map(|g| FailureGroup {
            id: cause_id(&g.cause),
            cause: g.cause,
            failures: g.failures,
            deleted: g.deleted,
            projects: tally(g.projects),
            people: tally(g.people),
            node_pools: tally(g.pools),
            images: tally(g.images),
            first_ms: g.first_ms,
            last_ms: g.last_ms,
            sample: g.sample,
            per_day: g.per_day,
        })
        .collect();
    groups.sort_by(|a, b| {
        b.failures
            .cmp(&a.failures)
            .then_with(|| a.cause.cmp(&b.cause))
    });
    FailuresAnswer {
        from_ms,
        to_ms,
        days,
        failures: groups.iter().map(|g| g.failures).sum(),
        groups,
        truncated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = DAY_MS;
    const T0: i64 = 1_795_000_000_000 / DAY * DAY;

    fn failed(id: u128, at: i64, pool: &str, project: &str, message: &str) -> Workload {
        let image = if pool == "a100" {
            "pytorch:25.01"
        } else {
            "jax:0.4"
        };
        let mut w: Workload = serde_json::from_value(serde_json::json!({
            "type": "Training", "name": format!("w{id}"), "id": uuid::Uuid::from_u128(id),
            "source": "CLI", "priority": null, "priorityClassName": "train",
            "clusterId": uuid::Uuid::from_u128(9), "projectName": project, "projectId": "1",
            "departmentName": "d", "departmentId": "2", "namespace": "runai-x",
            "createdAt": "2026-11-01T00:00:00Z", "phase": "Failed", "conditions": [],
            "k8sPhase": "Failed", "tenantId": 1, "runningPods": 0,
            "phaseUpdatedAt": "2026-11-01T00:00:00Z", "k8sPhaseUpdatedAt": "2026-11-01T00:00:00Z",
            "updatedAt": "2026-11-01T00:00:00Z", "deletedAt": null, "category": "Train",
            "submittedBy": "ada@x.io",
        }))
        .expect("a workload");
        w.completed_at = runai::model::Timestamp::from_unix_millis(at).into();
        w.phase_message = Some(message.to_owned());
        w.requested_node_pools = Some(vec![pool.to_owned()]);
        w.images = Some(vec![image.to_owned()]);
        w
    }

    #[test]
    fn the_same_error_groups_together_and_says_where_it_gathers() {
        let oom = |gib: u32| format!("CUDA out of memory. Tried to allocate {gib}.00 GiB");
        let workloads = vec![
            failed(1, T0 + 1_000, "a100", "vision", &oom(2)),
            failed(2, T0 + DAY + 5, "a100", "vision", &oom(4)),
            failed(3, T0 + DAY + 9, "a100", "nlp", &oom(8)),
            failed(4, T0 + 2 * DAY, "h100", "nlp", "[Rank 3] NCCL timeout"),
            // Twice in the lists (live and deleted): counted once.
            failed(4, T0 + 2 * DAY, "h100", "nlp", "[Rank 3] NCCL timeout"),
            // Outside the window.
            failed(5, T0 + 9 * DAY, "h100", "nlp", &oom(1)),
        ];
        let answer = group(&workloads, T0, T0 + 3 * DAY - 1, false);
        assert_eq!(answer.failures, 4);
        assert_eq!(answer.days.len(), 3);
        let [first, second] = answer.groups.as_slice() else {
            panic!("{:?}", answer.groups);
        };
        assert_eq!(first.cause, "CUDA out of memory. Tried to allocate … GiB");
        assert_eq!(first.failures, 3);
        assert_eq!(first.per_day, [1, 2, 0]);
        assert_eq!(
            first.projects,
            [("vision".to_owned(), 2), ("nlp".to_owned(), 1)]
        );
        assert_eq!(
            first.dominant_pool().as_deref(),
            Some("3 of 3 on node pool a100")
        );
        assert_eq!(
            first.dominant_image().as_deref(),
            Some("3 of 3 with image pytorch:25.01")
        );
        assert_eq!((first.first_ms, first.last_ms), (T0 + 1_000, T0 + DAY + 9));
        assert_eq!(first.sample, oom(8), "the latest one's message, as it was");
        assert_eq!(first.id, cause_id(&first.cause));
        assert_eq!(second.failures, 1);
        assert_eq!(second.dominant_pool(), None, "one failure gathers nowhere");
    }
}
