//! The overview's "GPUs doing nothing now": stalled and never-used workloads the viewer
//! may see, with the GPUs they hold, each count a link to the table narrowed to them.

use leptos::prelude::*;

use crate::{
    format::format_count,
    gpu_states::{Attention, StateChoice},
    pages::workloads::{columns::Column, view::WorkloadsView},
    url_state::UrlState,
};

/// The table narrowed to running workloads in `choice`, with their GPU state shown.
fn state_href(choice: StateChoice) -> String {
    let mut columns = Column::DEFAULT.to_vec();
    columns.insert(columns.len() - 1, Column::GpuState);
    WorkloadsView::default()
        .with_gpu_state(Some(choice))
        .with_columns(columns)
        .href()
}

/// Stalled and never-used workloads: GPUs held while doing nothing now, each count a
/// link to the table narrowed to them.
#[component]
pub(super) fn NeedsAttention(attention: Attention) -> impl IntoView {
    let line = |count: usize, gpus: f64, what: &str, choice: StateChoice| {
        let workloads = crate::format::format_number_of(count, "workload", "workloads");
        view! {
            <li>
                <a href=state_href(choice)>{format!("{workloads} {what}")}</a>
                {format!(", holding {} GPUs", format_count(gpus))}
            </li>
        }
    };
    view! {
        <section aria-labelledby="needs-attention">
            <h2 id="needs-attention">"GPUs doing nothing now"</h2>
            <ul class="plain">
                {line(attention.stalled, attention.stalled_gpus, "stalled", StateChoice::Stalled)}
                {line(attention.never_used, attention.never_used_gpus, "never used their GPUs", StateChoice::NeverUsed)}
            </ul>
            <p class="lede">{format!(
                "Stalled: busy before, then under the idle threshold for {} minutes or more while still holding its GPUs. Never used: held its GPUs that long without ever working.",
                attention.stall_minutes,
            )}</p>
        </section>
    }
}
