//! A workload as Run:ai lists one, for the comparison's unit tests.

use std::sync::atomic::{AtomicU64, Ordering};

use runai::model::Workload;

/// A running training workload named `name` in `project`, with an id of its own.
pub fn workload(name: &str, project: &str) -> Workload {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let id = format!(
        "0b0c51a4-0000-4000-8000-{:012x}",
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    serde_json::from_value(serde_json::json!({
        "type": "Training", "name": name, "id": id,
        "source": "CLI", "priorityClassName": "train", "clusterId": "0b0c51a4-0000-4000-8000-000000000009",
        "projectName": project, "projectId": "1", "departmentName": "research",
        "departmentId": "2", "namespace": "runai-vision", "createdAt": "2026-11-27T05:00:00Z",
        "phase": "Running", "conditions": [], "k8sPhase": "Running", "tenantId": 1,
        "runningPods": 1, "phaseUpdatedAt": "2026-11-27T05:00:00Z",
        "k8sPhaseUpdatedAt": "2026-11-27T05:00:00Z", "updatedAt": "2026-11-27T05:00:00Z",
        "category": "Train"
    }))
    .expect("a workload as Run:ai lists one")
}
