//! The filter bar: `field op value` chips in the API's own grammar, free-text search,
//! the deleted toggle, and per-phase count chips.

use leptos::prelude::*;

use super::{
    seen::SeenValues,
    view::{Go, WorkloadsView},
};
use crate::components::ProblemNote;
use crate::components::phase_class;
use crate::url_state::{UrlQuery, UrlState};
use runai::{
    model::Phase,
    query::{Filter, FilterField, FilterOp},
};

/// Known values offered for a field in the autocomplete.
fn known_values(field: FilterField) -> Vec<&'static str> {
    match field {
        FilterField::Phase => Phase::KNOWN.iter().map(|p| p.as_str()).collect(),
        FilterField::Type => vec![
            "Workspace",
            "Training",
            "Distributed",
            "Inference",
            "DistributedInference",
            "PyTorchJob",
            "TFJob",
            "MPIJob",
            "XGBoostJob",
            "JAXJob",
            "RayJob",
            "RayCluster",
            "LeaderWorkerSet",
            "Deployment",
            "StatefulSet",
            "Job",
            "Pod",
        ],
        FilterField::Category => vec!["Build", "Train", "Deploy"],
        FilterField::DistributedFramework => vec!["PyTorch", "TF", "MPI", "XGBoost", "JAX"],
        FilterField::PriorityClassName => vec![
            "very-low",
            "low",
            "medium-low",
            "medium",
            "medium-high",
            "high",
            "very-high",
        ],
        _ => vec![],
    }
}

/// Suggestions for what has been typed: fields, then operators, then known values.
fn suggestions(
    typed: &str,
    seen: &std::collections::BTreeMap<&'static str, std::collections::BTreeSet<String>>,
) -> Vec<String> {
    let field = FilterField::ALL
        .iter()
        .copied()
        .find(|f| typed.starts_with(f.as_str()));
    match field {
        None => FilterField::ALL
            .iter()
            .map(|f| format!("{}==", f.as_str()))
            .collect(),
        Some(field) => {
            let rest = &typed[field.as_str().len()..];
            match field
                .operators()
                .iter()
                .find(|op| rest.starts_with(op.as_str()))
            {
                None => field
                    .operators()
                    .iter()
                    .map(|op| format!("{field}{op}"))
                    .collect(),
                Some(op) => known_values(field)
                    .into_iter()
                    .map(str::to_owned)
                    .chain(seen.get(field.as_str()).into_iter().flatten().cloned())
                    .map(|v| format!("{field}{op}{v}"))
                    .collect(),
            }
        }
    }
}

/// Chips, the add-filter box, search and the deleted toggle.
#[component]
pub fn FilterBar(view: Memo<WorkloadsView>, go: Go, seen: SeenValues) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = typed.get_untracked().trim().to_owned();
        match text.parse::<Filter>() {
            Ok(filter) => {
                error.set(None);
                typed.set(String::new());
                go.run(view.get_untracked().with_filter(filter));
            }
            Err(err) => error.set(Some(format!("“{text}”: {err}"))),
        }
    };

    // Search follows typing after a pause, replacing (not adding) history entries.
    let search = RwSignal::new(view.get_untracked().search);
    Effect::new(move |_| search.set(view.read().search.clone()));
    #[cfg(feature = "hydrate")]
    {
        let source: Signal<String> = search.into();
        let debounced: Signal<String> = leptos_use::signal_debounced(source, 400.0);
        let url = crate::components::use_page_url();
        Effect::new(move |_| {
            let wanted = debounced.get();
            let current = view.get_untracked();
            if wanted != current.search {
                url.go(&current.with_search(&wanted).href(), true);
            }
        });
    }

    view! {
        <section class="filters" aria-label="Filters">
            <ul class="chips" aria-label="Active filters">
                {move || {
                    let current = view.get();
                    let valid = current.filters.iter().enumerate().map(|(i, f)| {
                        let text = f.to_string();
                        let label = format!("{} {} {}", f.field(), f.op().label(), f.value());
                        view! {
                            <li class="chip" data-filter=text.clone()>
                                <span>{label}</span>
                                <a href=current.without_filter(i).href() aria-label=format!("Remove filter {text}")>"×"</a>
                            </li>
                        }
                    }).collect_view();
                    let invalid = current.invalid_filters.iter().enumerate().map(|(i, (text, why))| {
                        view! {
                            <li class="chip invalid" title=why.clone() data-filter=text.clone()>
                                <span>{text.clone()} " — not sent: " {why.clone()}</span>
                                <a href=current.without_invalid_filter(i).href() aria-label=format!("Remove invalid filter {text}")>"×"</a>
                            </li>
                        }
                    }).collect_view();
                    (valid, invalid)
                }}
            </ul>
            <form class="add-filter" on:submit=add>
                <label for="filter-input">"Add filter"</label>
                <input
                    id="filter-input"
                    list="filter-suggestions"
                    placeholder="e.g. phase==Running or allocatedGPU>=2"
                    autocomplete="off"
                    prop:value=move || typed.get()
                    on:input=move |ev| { typed.set(event_target_value(&ev)); error.set(None); }
                    aria-describedby="filter-help filter-error"
                    aria-invalid=move || error.read().is_some().then_some("true")
                />
                <datalist id="filter-suggestions">
                    {move || suggestions(&typed.get(), &seen.0.read()).into_iter().map(|s| view! { <option value=s></option> }).collect_view()}
                </datalist>
                <button type="submit">"Add"</button>
                <small id="filter-help">"field op value — operators == != <= >= =@ (contains) !@ =^ (starts) =$ (ends)"</small>
                <p id="filter-error" class="field-error" role="alert">{move || error.get()}</p>
            </form>
            <div class="search">
                <label for="search-input">"Search"</label>
                <input
                    id="search-input"
                    type="search"
                    placeholder="name, project, department, submitter, type"
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))
                />
            </div>
            <label class="toggle">
                <input
                    type="checkbox"
                    prop:checked=move || view.read().deleted
                    on:change=move |ev| go.run(view.get_untracked().with_deleted(event_target_checked(&ev)))
                />
                "Show deleted workloads only"
            </label>
            {move || view.read().problem("deleted").cloned().map(|problem| view! { <ProblemNote problem/> })}
        </section>
    }
}

/// Counts per phase; clicking one filters to it.
#[component]
pub fn PhaseChips(counts: Vec<(String, i64)>, current: WorkloadsView) -> impl IntoView {
    let active = current
        .filters
        .iter()
        .find(|f| f.field() == FilterField::Phase && f.op() == FilterOp::Eq)
        .map(|f| f.value().to_owned());
    view! {
        <nav class="phase-chips" aria-label="Workloads by status">
            {counts.into_iter().map(|(phase, count)| {
                let is_active = active.as_deref().is_some_and(|a| a.eq_ignore_ascii_case(&phase));
                view! {
                    <a
                        href=current.with_phase(&phase).href()
                        class=format!("phase-chip {}", phase_class(&phase))
                        aria-current=is_active.then_some("true")
                    >
                        {phase.clone()} " " <strong>{count}</strong>
                    </a>
                }
            }).collect_view()}
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_values_join_the_known_fields_and_unknown_fields_are_ignored() {
        let owner = Owner::new();
        owner.set();
        let seen = SeenValues(RwSignal::new(Default::default()));
        seen.merge_query("projectName=vision&%3Cscript%3E=x");
        seen.merge_query("projectName=nlp&projectName=vision");
        let known = seen.0.get_untracked();
        assert_eq!(known.len(), 1, "only real filter fields: {known:?}");
        assert_eq!(
            known["projectName"].iter().collect::<Vec<_>>(),
            ["nlp", "vision"]
        );
    }

    #[test]
    fn suggestions_walk_fields_then_operators_then_values() {
        let mut seen = std::collections::BTreeMap::new();
        seen.entry("projectName")
            .or_insert_with(std::collections::BTreeSet::new)
            .insert("vision".to_owned());
        assert!(suggestions("", &seen).contains(&"allocatedGPU==".to_owned()));
        assert_eq!(
            suggestions("createdAt", &seen).len(),
            4,
            "dates take four operators"
        );
        assert!(suggestions("phase==", &seen).contains(&"phase==Running".to_owned()));
        assert!(suggestions("type!=", &seen).contains(&"type!=PyTorchJob".to_owned()));
        assert_eq!(
            suggestions("projectName=@", &seen),
            ["projectName=@vision"],
            "seen values are offered"
        );
    }
}
