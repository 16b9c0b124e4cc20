//! The filter bar: `field op value` chips in the API's own grammar, free-text search,
//! the deleted toggle, and per-phase count chips.

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;

use super::{
    field_words::filter_label,
    filter_builder::{FilterBuilder, VALUES_ID},
    view::WorkloadsView,
};
use crate::components::ProblemNote;
use crate::components::phase_class;
use crate::url_state::{UrlQuery, UrlState};
use runai::{
    model::Phase,
    query::{FieldKind, FilterField, FilterOp},
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

/// Everything the add-filter box suggests, as the browser filters them by what is
/// typed: each field with the operators people use on it (equal and not, then at most
/// and at least for numbers and dates, contains and starts with for words; the rest
/// can be typed, and the filter builder offers them all), then `==` with each value
/// known for the field (the fixed vocabularies, and `seen`: the values in the results
/// on screen). Short, because every answer of the table carries it.
fn suggestions(seen: &BTreeMap<&'static str, BTreeSet<String>>) -> Vec<String> {
    let suggested = |field: FilterField| -> [FilterOp; 4] {
        let ops = FilterOp::ALL;
        match field.kind() {
            FieldKind::Date | FieldKind::Number => [ops[0], ops[1], ops[2], ops[3]],
            _ => [ops[0], ops[1], ops[4], ops[6]],
        }
    };
    let mut all: Vec<String> = FilterField::ALL
        .iter()
        .flat_map(|field| {
            suggested(*field)
                .into_iter()
                .filter(|op| field.operators().contains(op))
                .map(move |op| format!("{field}{op}"))
        })
        .collect();
    for field in FilterField::ALL.iter().copied() {
        let values = known_values(field).into_iter().chain(
            seen.get(field.as_str())
                .into_iter()
                .flatten()
                .map(String::as_str),
        );
        for value in values {
            all.push(format!("{field}{}{value}", FilterOp::Eq));
        }
    }
    let mut unique = BTreeSet::new();
    all.retain(|suggestion| unique.insert(suggestion.clone()));
    all
}

/// The `id` of the filter suggestions, which each answer's results carry.
pub const SUGGESTIONS_ID: &str = "filter-suggestions";

/// The add-filter box's suggestions for the results on screen (it lives in the
/// results, which each answer replaces).
#[component]
pub fn FilterSuggestions(seen: BTreeMap<&'static str, BTreeSet<String>>) -> impl IntoView {
    view! {
        <datalist id=SUGGESTIONS_ID>
            {suggestions(&seen).into_iter().map(|s| view! { <option value=s></option> }).collect_view()}
        </datalist>
        <datalist id=VALUES_ID>
            {seen.values().flatten().collect::<BTreeSet<_>>().into_iter().map(|v| view! { <option value=v.clone()></option> }).collect_view()}
        </datalist>
    }
}

/// Chips, the add-filter box, search and the deleted toggle, for `current`. The server
/// renders them; the page's island follows them ([`super::controls`]): a chip is a
/// link, search and the toggle set their `data-param`, and the box adds its filter
/// once the server has read it.
#[component]
pub fn FilterBar(current: WorkloadsView, query: String) -> impl IntoView {
    let valid = current.filters.iter().enumerate().map(|(i, f)| {
        let text = f.to_string();
        let label = format!("{} {} {}", filter_label(f.field()), f.op().label(), f.value());
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
    let deleted_problem = current
        .problem("deleted")
        .cloned()
        .map(|problem| view! { <ProblemNote problem/> });
    view! {
        <section class="filters" aria-label="Filters">
            <ul class="chips" aria-label="Active filters" id="filter-chips" data-swap="">{valid}{invalid}</ul>
            <form class="add-filter" data-add-filter="">
                <label for="filter-input">"Add filter"</label>
                <input
                    id="filter-input"
                    data-shortcut="filter"
                    name="filter"
                    list=SUGGESTIONS_ID
                    placeholder="e.g. phase==Running or allocatedGPU>=2"
                    autocomplete="off"
                    aria-describedby="filter-help filter-error"
                />
                <button type="submit">"Add"</button>
                <small id="filter-help">"field op value — operators == != <= >= =@ (contains) !@ =^ (starts) =$ (ends)"</small>
                <p id="filter-error" class="field-error" role="alert"></p>
            </form>
            <FilterBuilder query/>
            <div class="search">
                <label for="search-input">"Search"</label>
                <input
                    id="search-input"
                    type="search"
                    placeholder="name, project, department, submitter, type"
                    value=current.search.clone()
                    data-param="search"
                    data-swap=""
                />
            </div>
            <div id="deleted-toggle" data-swap="">
                <label class="toggle">
                    <input type="checkbox" value="true" checked=current.deleted data-param="deleted"/>
                    "Show deleted workloads only"
                </label>
                {deleted_problem}
            </div>
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
    fn suggestions_offer_fields_with_operators_then_known_and_seen_values() {
        let mut seen = BTreeMap::new();
        seen.entry("projectName")
            .or_insert_with(BTreeSet::new)
            .insert("vision".to_owned());
        let all = suggestions(&seen);
        assert!(all.contains(&"allocatedGPU==".to_owned()));
        assert_eq!(
            all.iter().filter(|s| s.starts_with("createdAt")).count(),
            4,
            "dates take four operators, and have no values to offer"
        );
        assert!(all.contains(&"phase==Running".to_owned()));
        assert!(all.contains(&"type==PyTorchJob".to_owned()));
        assert!(all.contains(&"projectName=@".to_owned()));
        assert!(all.contains(&"allocatedGPU>=".to_owned()));
        assert!(
            !all.contains(&"type!=PyTorchJob".to_owned()),
            "values with == only"
        );
        assert!(
            all.contains(&"projectName==vision".to_owned()),
            "values in the results are offered"
        );
        assert!(!all.iter().any(|s| s.contains("<script>")));
    }
}
