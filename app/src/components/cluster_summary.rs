//! One line that says where the data comes from and how busy the cluster is now.

use leptos::prelude::*;

use crate::upstream::get_cluster_summary;

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
                            <p role="alert" class="error">"Run:ai is not answering: " {err.to_string()}</p>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
