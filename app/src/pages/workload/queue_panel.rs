//! The "Queue" panel of a pending workload: its position among the workloads waiting
//! for the same node pools (or that its own project blocks it), why it waits, who is
//! ahead, who is blocked rather than ahead, who holds idle GPUs there, and how much
//! longer it is likely to wait, with the history that says so. Server HTML only: nothing
//! here runs in the browser.

use leptos::prelude::*;
use uuid::Uuid;

use super::queue_data::get_workload_queue;
use crate::{
    format::{format_ago, format_count, format_number_of, format_seconds},
    queue::{
        QueueEntry,
        standing::{Alternative, QueueStanding},
    },
};

/// The panel for workload `id` (nothing when it is not pending).
#[component]
pub fn QueuePanel(id: Uuid) -> impl IntoView {
    let standing = Resource::new(|| (), move |()| get_workload_queue(id));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match standing.await {
                    Ok(Some(standing)) => view! { <Standing standing/> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(error) => view! {
                        <section class="queue" aria-labelledby="queue-heading">
                            <h2 id="queue-heading">"Queue"</h2>
                            <p role="alert" class="error">"The queue could not be worked out: " {error.message().to_owned()}</p>
                        </section>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// A list of pending workloads, as a table with its caption.
#[component]
fn EntryTable(
    caption: &'static str,
    class: &'static str,
    entries: Vec<QueueEntry>,
    now: i64,
) -> impl IntoView {
    view! {
        <table class=class>
            <caption>{caption}</caption>
            <thead><tr>
                <th scope="col">"Workload"</th>
                <th scope="col">"Project"</th>
                <th scope="col" class="num">"GPUs requested"</th>
                <th scope="col">"Waiting since"</th>
            </tr></thead>
            <tbody>
                {entries.into_iter().map(|entry| view! {
                    <tr>
                        <th scope="row"><a href=format!("/workloads/{}", entry.id)>{entry.name}</a></th>
                        <td>{entry.project}</td>
                        <td class="num">{format_count(entry.gpus)}</td>
                        <td>{since(entry.created_at_ms, now)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// "1 workload", "4 workloads".
fn workloads(n: usize) -> String {
    format_number_of(n, "workload", "workloads")
}

/// Other ways it could have asked, each with its likely start if submitted now.
#[component]
fn WhatIf(alternatives: Vec<Alternative>) -> impl IntoView {
    view! {
        <table class="queue-what-if">
            <caption>"What if it asked differently? Estimates, as if submitted now; nothing is submitted or changed."</caption>
            <thead><tr>
                <th scope="col">"Instead"</th>
                <th scope="col" class="num">"GPUs"</th>
                <th scope="col">"Node pools"</th>
                <th scope="col" class="num">"Position"</th>
                <th scope="col">"Likely start"</th>
            </tr></thead>
            <tbody>
                {alternatives.into_iter().map(|a| view! {
                    <tr>
                        <th scope="row">{a.what}</th>
                        <td class="num">{format_count(a.gpus)}</td>
                        <td>{a.node_pools.join(", ")}</td>
                        <td class="num">{a.position.map(|p| format!("#{p}")).unwrap_or_else(|| "not in line".to_owned())}</td>
                        <td>{a.estimate.short()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Standing(standing: QueueStanding) -> impl IntoView {
    let pools = if standing.node_pools.is_empty() {
        "any node pool".to_owned()
    } else {
        standing.node_pools.join(", ")
    };
    let now = standing.at_ms;
    let blocked = standing.blocked.is_some();
    let waited = format!(
        " Waiting for {} so far.",
        format_seconds(standing.waited_s as f64)
    );
    // Workloads the viewer cannot see are counted, never named.
    let unseen = match standing.hidden {
        Some(h) if h.competing > 0 && !blocked => format!(
            " These counts include {} of projects you cannot see ({} of them ahead of it), not named here.",
            workloads(h.competing),
            h.ahead
        ),
        Some(h) if h.competing > 0 => format!(
            " That count includes {} of projects you cannot see, not named here.",
            workloads(h.competing)
        ),
        Some(_) => String::new(),
        None => " Workloads of projects you cannot see are not counted here.".to_owned(),
    };
    let position = if blocked {
        view! {
            <p>
                <strong data-testid="queue-position">"Not in line for free GPUs"</strong>
                {format!(
                    ": its own project keeps it waiting, so it has no place among the {} pending for {pools} until the project frees GPUs.{unseen}{waited}",
                    workloads(standing.competing),
                )}
            </p>
        }
        .into_any()
    } else {
        view! {
            <p>
                <strong data-testid="queue-position">{format!("Position {} of {}", standing.position, standing.competing)}</strong>
                {format!(" among the workloads pending for {pools}, in the order the scheduler gives free GPUs: higher priority first, then the earlier created; those their own project blocks are not counted ahead.{unseen}{waited}")}
            </p>
        }
        .into_any()
    };
    let what_if = standing.what_if.clone();
    let ahead = standing.ahead.clone();
    let blocked_earlier = standing.blocked_earlier.clone();
    let holders = standing.idle_holders.clone();
    view! {
        <section class="queue" aria-labelledby="queue-heading">
            <h2 id="queue-heading">"Queue"</h2>
            {position}
            <p data-testid="queue-reason">{standing.reason.sentence()}</p>
            <p data-testid="queue-estimate">{standing.estimate.sentence(blocked)}</p>
            {match (ahead.is_empty(), blocked, standing.position) {
                (_, true, _) => ().into_any(),
                (true, false, 1) => view! { <p>"Nothing is ahead of it."</p> }.into_any(),
                // All of those ahead are of projects the viewer cannot see: counted above.
                (true, false, _) => ().into_any(),
                (false, false, _) => view! { <EntryTable caption="Ahead of it" class="queue-ahead" entries=ahead now/> }.into_any(),
            }}
            {(!blocked_earlier.is_empty()).then(|| view! {
                <EntryTable
                    caption="Blocked by their own project, not ahead"
                    class="queue-blocked"
                    entries=blocked_earlier
                    now
                />
            })}
            {(!what_if.is_empty()).then(|| view! { <WhatIf alternatives=what_if/> })}
            {if holders.is_empty() {
                view! { <p>"No GPUs in these node pools are allocated and idle right now."</p> }.into_any()
            } else {
                view! {
                    <table class="queue-idle">
                        <caption>"Allocated but idle GPUs in these node pools right now"</caption>
                        <thead><tr>
                            <th scope="col">"Held by"</th>
                            <th scope="col">"Project"</th>
                            <th scope="col" class="num">"Idle GPUs"</th>
                        </tr></thead>
                        <tbody>
                            {holders.into_iter().map(|holder| view! {
                                <tr>
                                    <th scope="row"><a href=format!("/workloads/{}", holder.id)>{holder.name}</a></th>
                                    <td>{holder.project}</td>
                                    <td class="num">{format_count(holder.idle_gpus)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

/// When a workload in line was submitted: how long ago, the instant on hover (in the
/// viewer's zone).
fn since(at_ms: i64, now_ms: i64) -> AnyView {
    match (
        runai::model::Timestamp::from_unix_millis(at_ms),
        runai::model::Timestamp::from_unix_millis(now_ms),
    ) {
        (Some(at), Some(now)) => crate::components::ago(at, now).into_any(),
        _ => format_ago(at_ms, now_ms).into_any(),
    }
}
