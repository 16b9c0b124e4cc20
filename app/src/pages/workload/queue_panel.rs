//! The "Queue" panel of a pending workload: its position among the workloads waiting
//! for the same node pools, who is ahead, who holds idle GPUs there, and how much longer
//! it is likely to wait. Server HTML only: nothing here runs in the browser.

use leptos::prelude::*;
use uuid::Uuid;

use super::queue_data::{HISTORY_DAYS, QueueStanding, get_workload_queue};
use crate::{
    format::{format_ago, format_count, format_seconds},
    queue::{MIN_SAMPLE, WaitEstimate},
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

/// What the estimate says, in words.
fn estimate_text(estimate: &WaitEstimate) -> String {
    let judged = |sample: &usize| {
        format!(
            "judging by {sample} similar workloads that started after waiting at least as \
             long in these node pools over the last {HISTORY_DAYS} days, and those still \
             waiting there."
        )
    };
    match estimate {
        WaitEstimate::Likely {
            p10_s,
            p50_s: Some(p50_s),
            p90_s: Some(p90_s),
            sample,
            ..
        } => format!(
            "Likely to start between {} and {} from now (median {}), {}",
            format_seconds(*p10_s),
            format_seconds(*p90_s),
            format_seconds(*p50_s),
            judged(sample),
        ),
        WaitEstimate::Likely {
            p10_s,
            p50_s: Some(p50_s),
            p90_s: None,
            reaches_s,
            sample,
        } => format!(
            "Likely to start between {} and more than {} from now (median {}; the history \
             reaches no further), {}",
            format_seconds(*p10_s),
            format_seconds(*reaches_s),
            format_seconds(*p50_s),
            judged(sample),
        ),
        WaitEstimate::Likely {
            p10_s,
            reaches_s,
            sample,
            ..
        } => format!(
            "Likely to start no sooner than {} from now, and more likely than not after {} \
             (the history reaches no further), {}",
            format_seconds(*p10_s),
            format_seconds(*reaches_s),
            judged(sample),
        ),
        WaitEstimate::NotEnoughHistory { sample } => format!(
            "Not enough history to estimate the wait: {sample} similar workloads started \
             after waiting at least this long in these node pools over the last \
             {HISTORY_DAYS} days ({MIN_SAMPLE} are needed, and a tenth of those that \
             waited this long must have started)."
        ),
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
    let ahead = standing.ahead.clone();
    let holders = standing.idle_holders.clone();
    view! {
        <section class="queue" aria-labelledby="queue-heading">
            <h2 id="queue-heading">"Queue"</h2>
            <p>
                <strong data-testid="queue-position">{format!("Position {} of {}", standing.position, standing.competing)}</strong>
                {format!(" among the workloads pending for {pools}, in the order the scheduler takes them: higher priority first, then the earlier created. Waiting for {} so far.", format_seconds(standing.waited_s as f64))}
            </p>
            <p data-testid="queue-estimate">{estimate_text(&standing.estimate)}</p>
            {if ahead.is_empty() {
                view! { <p>"Nothing is ahead of it."</p> }.into_any()
            } else {
                view! {
                    <table class="queue-ahead">
                        <caption>"Ahead of it"</caption>
                        <thead><tr>
                            <th scope="col">"Workload"</th>
                            <th scope="col">"Project"</th>
                            <th scope="col" class="num">"GPUs requested"</th>
                            <th scope="col">"Waiting since"</th>
                        </tr></thead>
                        <tbody>
                            {ahead.into_iter().map(|entry| view! {
                                <tr>
                                    <th scope="row"><a href=format!("/workloads/{}", entry.id)>{entry.name}</a></th>
                                    <td>{entry.project}</td>
                                    <td class="num">{format_count(entry.gpus)}</td>
                                    <td>{format_ago(entry.created_at_ms, now)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_estimate_reads_as_a_range_with_its_sample_or_says_it_cannot() {
        let likely = estimate_text(&WaitEstimate::Likely {
            p10_s: 120.0,
            p50_s: Some(900.0),
            p90_s: Some(3_600.0),
            reaches_s: 7_200.0,
            sample: 12,
        });
        assert!(
            likely.contains("between 2 min 00 s and 1 h 00 min from now (median 15 min"),
            "{likely}"
        );
        assert!(likely.contains("12 similar workloads"), "{likely}");
        let open = estimate_text(&WaitEstimate::Likely {
            p10_s: 120.0,
            p50_s: Some(900.0),
            p90_s: None,
            reaches_s: 7_200.0,
            sample: 12,
        });
        assert!(
            open.contains("between 2 min 00 s and more than 2 h 00 min from now"),
            "{open}"
        );
        let later = estimate_text(&WaitEstimate::Likely {
            p10_s: 120.0,
            p50_s: None,
            p90_s: None,
            reaches_s: 7_200.0,
            sample: 12,
        });
        assert!(
            later.contains(
                "no sooner than 2 min 00 s from now, and more likely than not after 2 h 00 min"
            ),
            "{later}"
        );
        let unknown = estimate_text(&WaitEstimate::NotEnoughHistory { sample: 3 });
        assert!(unknown.starts_with("Not enough history"), "{unknown}");
        assert!(unknown.contains("(8 are needed"), "{unknown}");
    }
}
