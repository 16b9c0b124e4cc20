//! Why the simulator says a workload waits agrees with the workload: a non-preemptible
//! one over its project's quota says so, one over its project's limit says that (never
//! that it cannot be preempted), and one waiting for capacity names its node pool.

use runai_sim::testing::Sim;
use serde_json::Value;

#[tokio::test]
async fn each_pending_workloads_message_matches_its_reason_and_its_facts() {
    let sim = Sim::start().await;
    let token = sim.admin().await;
    let pending: Vec<Value> = sim
        .all(&token, "")
        .await
        .into_iter()
        .filter(|w| w["phase"] == "Pending")
        .collect();
    let mut seen = [0; 3];
    for w in &pending {
        let id = w["id"].as_str().unwrap();
        let detail = sim.ok(&token, &format!("/api/v1/workloads/{id}")).await;
        let message = detail["phaseMessage"].as_str().unwrap_or_default();
        match w["phaseReason"].as_str() {
            Some("NonPreemptibleOverQuota") => {
                seen[0] += 1;
                assert_eq!(w["preemptible"], false, "{w}");
                assert!(
                    message.starts_with("Non-preemptible workload requested"),
                    "{message}"
                );
                assert!(message.contains("over its GPU quota"), "{message}");
            }
            Some("OverLimit") => {
                seen[1] += 1;
                assert!(message.contains("over its GPU limit"), "{message}");
                assert!(!message.to_lowercase().contains("preemptible"), "{message}");
            }
            _ => {
                seen[2] += 1;
                assert!(message.starts_with("Waiting for "), "{message}");
                if let Some(pool) = w["requestedNodePools"][0].as_str() {
                    assert!(
                        message.ends_with(&format!(" in node pool {pool}")),
                        "{message}"
                    );
                }
            }
        }
        // The per-pool message says the same as the phase message, once per pool.
        for said in detail["pendingSchedulingMessages"]
            .as_array()
            .into_iter()
            .flatten()
        {
            assert_eq!(said["userMessage"].as_str(), Some(message), "{detail}");
            assert_eq!(said["phaseReason"], w["phaseReason"], "{detail}");
        }
    }
    assert!(
        seen.iter().all(|n| *n > 0),
        "over quota, over limit and waiting for capacity all occur: {seen:?}"
    );
}
