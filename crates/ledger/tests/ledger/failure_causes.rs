//! The simulator's failures, grouped by cause as the failures page groups them: each
//! kind of failure is one group whatever its numbers, ranks, paths and tags, and the
//! NCCL timeouts gather on the node pool whose network drops them.

use std::collections::{BTreeMap, BTreeSet};

use ledger::failure_cause::failure_cause;
use runai_sim::testing::{Sim, admin_known};
use serde_json::Value;

/// One cause's failures, their messages as they were, and failures per node pool.
type Group = (usize, BTreeSet<String>, BTreeMap<String, usize>);

#[tokio::test]
async fn the_simulators_failures_fall_into_a_few_causes() {
    let sim = Sim::start_with(runai_sim::SimSettings {
        workloads: 20_000,
        ..admin_known()
    })
    .await;
    let token = sim.admin().await;
    let failed = sim.all(&token, "filterBy=phase%3D%3DFailed").await;
    assert!(failed.len() > 50, "{} failures", failed.len());
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for w in &failed {
        let condition = w["conditions"]
            .as_array()
            .and_then(|c| c.iter().find(|c| c["type"] == "Failed"))
            .cloned()
            .unwrap_or(Value::Null);
        let reason = condition["reason"].as_str();
        let message = w["phaseMessage"].as_str();
        assert_eq!(condition["message"].as_str(), message, "one story");
        let group = groups.entry(failure_cause(reason, message)).or_default();
        group.0 += 1;
        group.1.insert(message.unwrap_or_default().to_owned());
        let pools = w["requestedNodePools"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for pool in pools {
            *group
                .2
                .entry(pool.as_str().unwrap_or_default().to_owned())
                .or_default() += 1;
        }
    }
    let causes: Vec<&String> = groups.keys().collect();
    eprintln!(
        "{} failures in {} causes: {causes:#?}",
        failed.len(),
        groups.len()
    );
    assert!(groups.len() <= 8, "a few causes, not one per failure");
    let find = |needle: &str| {
        groups
            .iter()
            .find(|(cause, _)| cause.contains(needle))
            .unwrap_or_else(|| panic!("a cause with {needle}: {causes:?}"))
            .1
    };
    for kind in [
        "CUDA out of memory",
        "collective operation timeout",
        "OOMKilled",
        "No such file",
    ] {
        let (count, messages, _) = find(kind);
        assert!(*count >= 2, "{kind}: {count}");
        assert!(
            messages.len() >= 2,
            "{kind}: its messages differ, yet group together"
        );
    }
    // One image's newest tag fails to pull: one message, many failures.
    let (pulls, messages, _) = find("Back-off pulling image");
    assert!(
        *pulls >= 2 && messages.len() == 1,
        "{pulls} pulls: {messages:?}"
    );
    // The NCCL timeouts mostly come from one node pool.
    let (count, _, pools) = find("collective operation timeout");
    let (top_pool, top) = pools.iter().max_by_key(|(_, n)| **n).unwrap();
    assert_eq!(top_pool, "a100-40gb");
    assert!(*top * 3 >= *count * 2, "{top} of {count} on {top_pool}");
}
