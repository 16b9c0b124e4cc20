//! What the scheduler said about a waiting (or failed) workload, each message once.

use leptos::prelude::*;
use runai::model::{PendingSchedulingMessage, Phase, WorkloadDetailed};

/// What the scheduler said about a waiting (or failed) workload, each message once:
/// Run:ai repeats one message as the phase message and once per node pool. Why it
/// waits, in words with its numbers, is the queue panel's.
#[component]
pub fn WhyPending(detail: WorkloadDetailed) -> impl IntoView {
    let w = &detail.workload;
    let waiting = w.phase == Phase::Pending;
    if !waiting && w.phase != Phase::Failed && w.phase_message.is_none() {
        return ().into_any();
    }
    let said = scheduler_messages(
        w.phase_message.clone(),
        detail
            .pending_scheduling_messages
            .as_ref()
            .cloned()
            .unwrap_or_default(),
    );
    let heading = if waiting {
        "Why is it pending?"
    } else {
        "What happened"
    };
    view! {
        <section class="why" aria-labelledby="why-title">
            <h2 id="why-title">{heading}</h2>
            <ul>
                {said.into_iter().map(|(message, pools)| view! {
                    <li>
                        {(!pools.is_empty()).then(|| {
                            let which = if pools.len() == 1 { "In node pool " } else { "In node pools " };
                            view! { {which} <strong>{pools.join(", ")}</strong> ": " }
                        })}
                        {message}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

/// The distinct messages about a workload, with the node pools each was said for (none:
/// the phase message, said of the whole workload), in the order first said.
fn scheduler_messages(
    phase_message: Option<String>,
    by_pool: Vec<PendingSchedulingMessage>,
) -> Vec<(String, Vec<String>)> {
    let mut said: Vec<(String, Vec<String>)> = Vec::new();
    let mut phase_message = phase_message.filter(|m| !m.trim().is_empty());
    for m in by_pool {
        let mut text = m.user_message.as_ref().cloned().unwrap_or(m.reason.clone());
        // The phase message is one of these, said again for the whole workload.
        if phase_message.as_deref() == Some(text.as_str()) {
            phase_message = None;
        }
        if let Some(org) = m.org_type.as_ref() {
            text.push_str(&format!(" (set by the {})", org.as_str().to_lowercase()));
        }
        match said.iter_mut().find(|(known, _)| *known == text) {
            Some((_, pools)) if !pools.contains(&m.node_pool) => pools.push(m.node_pool),
            Some(_) => {}
            None => said.push((text, vec![m.node_pool])),
        }
    }
    if let Some(message) = phase_message {
        said.insert(0, (message, Vec::new()));
    }
    said
}

#[cfg(test)]
mod tests {
    use runai::model::{Maybe, OrgType, PhaseReason};

    use super::*;

    fn message(pool: &str, text: &str) -> PendingSchedulingMessage {
        PendingSchedulingMessage {
            node_pool: pool.to_owned(),
            phase_reason: PhaseReason::NonPreemptibleOverQuota,
            reason: "Unschedulable".to_owned(),
            org_type: Maybe::Value(OrgType::Project),
            user_message: Maybe::Value(text.to_owned()),
        }
    }

    #[test]
    fn a_message_repeated_per_pool_and_as_the_phase_message_is_said_once() {
        let said = "Not enough quota";
        let by_pool = vec![
            message("a100", said),
            message("h100", said),
            message("a100", said),
            message("t4", "Something else"),
        ];
        assert_eq!(
            scheduler_messages(Some(said.to_owned()), by_pool),
            [
                (
                    format!("{said} (set by the project)"),
                    vec!["a100".to_owned(), "h100".to_owned()]
                ),
                (
                    "Something else (set by the project)".to_owned(),
                    vec!["t4".to_owned()]
                ),
            ]
        );
        assert_eq!(
            scheduler_messages(Some(said.to_owned()), vec![]),
            [(said.to_owned(), vec![])]
        );
        // A phase message that only begins like a pool's message is its own; an empty
        // one is nothing to say.
        let longer = vec![message("a100", &format!("{said}, and more"))];
        assert_eq!(scheduler_messages(Some(said.to_owned()), longer).len(), 2);
        assert!(scheduler_messages(Some(" ".to_owned()), vec![]).is_empty());
    }
}
