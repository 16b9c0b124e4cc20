//! What the simulator says of a workload's state: the conditions Kubernetes reports in
//! each phase, and the scheduler's words for why it waits, matching its reason.

use runai::model::{Condition, Maybe, Phase, PhaseReason};

use super::{gpu_memory, ts};
use crate::{generate::SimWorkload, lifecycle::Status, org::Org};

/// The conditions Kubernetes reports for the workload in its phase.
pub(super) fn conditions(w: &SimWorkload, st: &Status, org: &Org) -> Vec<Condition> {
    let at = Maybe::Value(ts(st.phase_since_ms));
    let condition =
        |type_: &str, status: &str, reason: Option<&str>, message: Option<String>| Condition {
            type_: type_.to_owned(),
            status: status.to_owned(),
            reason: reason.map(str::to_owned),
            message,
            last_transition_time: at,
        };
    match st.phase {
        Phase::Pending | Phase::Creating => vec![condition(
            "PodScheduled",
            "False",
            Some("Unschedulable"),
            Some(pending_message(w, st, org)),
        )],
        Phase::Initializing => vec![
            condition("PodScheduled", "True", None, None),
            condition(
                "Ready",
                "False",
                Some("ContainersNotReady"),
                Some("pulling image".into()),
            ),
        ],
        Phase::Degraded => vec![condition(
            "Ready",
            "False",
            Some("PodRestarting"),
            Some("1 of the pods is restarting (CrashLoopBackOff)".into()),
        )],
        Phase::Running => vec![
            condition("PodScheduled", "True", None, None),
            condition("Ready", "True", None, None),
        ],
        Phase::Failed => {
            let (reason, message) = super::failure::failure(w);
            vec![condition("Failed", "True", Some(reason), Some(message))]
        }
        _ => vec![condition("Completed", "True", Some("Succeeded"), None)],
    }
}

/// The scheduler's words for why a workload waits, matching its reason (Run:ai's
/// `userMessage`).
pub(super) fn pending_message(w: &SimWorkload, st: &Status, org: &Org) -> String {
    let project = &org.projects[w.project].name;
    let gpus = format_gpus(w.gpus(gpu_memory(w, org)));
    match &st.waiting_reason {
        Some(PhaseReason::NonPreemptibleOverQuota) => format!(
            "Non-preemptible workload requested {gpus} GPU(s), which would take project {project} over its GPU quota in node pool {}",
            w.nodepool
        ),
        Some(PhaseReason::OverLimit) => format!(
            "Workload requested {gpus} GPU(s), which would take project {project} over its GPU limit in node pool {}",
            w.nodepool
        ),
        _ if w.gpus(gpu_memory(w, org)) <= 0.0 => format!(
            "Waiting for free CPU and memory in node pool {}",
            w.nodepool
        ),
        _ => format!("Waiting for {gpus} free GPU(s) in node pool {}", w.nodepool),
    }
}

/// GPUs as the scheduler writes them: whole numbers bare, fractions to two places.
fn format_gpus(gpus: f64) -> String {
    if gpus.fract() == 0.0 {
        format!("{gpus:.0}")
    } else {
        format!("{gpus:.2}")
    }
}
