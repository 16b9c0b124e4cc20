//! A workload's phase as every page shows it, and the phases the table counts.

use leptos::prelude::*;
use runai::model::Phase;

/// The phases that get a count chip above the table, in the order a person scans them.
pub const COUNTED_PHASES: [Phase; 6] = [
    Phase::Running,
    Phase::Pending,
    Phase::Initializing,
    Phase::Degraded,
    Phase::Failed,
    Phase::Completed,
];

/// The class that colours `phase` (as Run:ai spells it) wherever it is shown.
pub fn phase_class(phase: &str) -> String {
    format!("phase-{}", phase.to_lowercase())
}

/// A phase as a coloured badge; `detail` (why it waits or failed) on hover.
#[component]
pub fn PhaseBadge(
    #[prop(into)] phase: String,
    /// Why it waits or failed, if known.
    detail: Option<String>,
) -> impl IntoView {
    let class = format!("badge {}", phase_class(&phase));
    view! { <span class=class title=detail>{phase}</span> }
}
