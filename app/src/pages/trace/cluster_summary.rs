//! One line that says where the data comes from and how busy the cluster is now.

use leptos::prelude::*;

use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Workloads by phase right now, from the count endpoint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterCounts {
    pub upstream_url: String,
    pub demo: bool,
    pub running: i64,
    pub pending: i64,
    pub total: i64,
}

/// Counts running, pending and all live workloads on the upstream.
#[server(endpoint = "cluster_summary")]
pub async fn get_cluster_summary() -> Result<ClusterCounts, AppError> {
    use runai::{
        model::Phase,
        query::{Filter, FilterField, FilterOp, WorkloadSelection},
    };

    let (upstream, credentials) = crate::caller::upstream_call()?;
    let in_phase = |phase: &str| WorkloadSelection {
        filter_by: vec![
            Filter::new(FilterField::Phase, FilterOp::Eq, phase).expect("a valid filter"),
        ],
        ..Default::default()
    };
    let client = &upstream.client;
    let (running_q, pending_q, all_q) = (
        in_phase(Phase::Running.as_str()),
        in_phase(Phase::Pending.as_str()),
        WorkloadSelection::default(),
    );
    let (running, pending, total) = tokio::join!(
        client.count_workloads(&credentials, &running_q),
        client.count_workloads(&credentials, &pending_q),
        client.count_workloads(&credentials, &all_q),
    );
    Ok(ClusterCounts {
        upstream_url: upstream.info.url.clone(),
        demo: upstream.info.demo,
        running: running?,
        pending: pending?,
        total: total?,
    })
}

/// "Live from …: N running · M pending · T workloads", from the upstream's count endpoint.
#[component]
pub fn ClusterSummary() -> impl IntoView {
    let summary = Resource::new(|| (), |()| get_cluster_summary());
    view! {
        <section class="summary" aria-label="Cluster now">
            <Suspense fallback=|| view! { <p role="status">"Asking Run:ai…"</p> }>
                {move || Suspend::new(async move {
                    match summary.await {
                        Ok(s) => {
                            let source = if s.demo { "the embedded Run:ai simulator" } else { "Run:ai" };
                            view! {
                                <p>
                                    "Live from " {source} " at " <code>{s.upstream_url}</code> ": "
                                    <strong data-testid="running">{s.running}</strong> " running · "
                                    <strong data-testid="pending">{s.pending}</strong> " pending · "
                                    <strong data-testid="total">{s.total}</strong> " workloads"
                                </p>
                            }
                            .into_any()
                        }
                        Err(err) => view! {
                            <p role="alert" class="error">"Run:ai is not answering: " {err.message().to_owned()}</p>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
