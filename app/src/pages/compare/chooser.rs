//! Finding a workload to add to the comparison: a plain search form (the URL is the
//! state, no script needed) and the workloads it finds, those of the first compared
//! workload's project first, each a link that adds it. They are listed only while a
//! comparison still needs a workload, or once a person searches, so a comparison on
//! screen (and each of its refreshes) reads nothing but its workloads and their metrics.

use leptos::prelude::*;

use super::{
    data::{Candidate, find_to_compare},
    view::{CompareView, MAX_COMPARED},
};
use crate::{
    components::ErrorNote,
    error::AppError,
    url_state::{UrlQuery, UrlState},
};

/// The search, and (when `listing`) what it finds.
#[component]
pub fn Chooser(view: CompareView, listing: bool) -> impl IntoView {
    let (compared, words) = (view.ids.clone(), view.find.clone());
    let found = listing.then(|| {
        Resource::new(
            || (),
            move |()| find_to_compare(compared.clone(), words.clone()),
        )
    });
    // The form keeps the rest of the state in hidden fields.
    let kept: Vec<(&'static str, String)> = view
        .with(|_| {})
        .to_pairs()
        .into_iter()
        .filter(|(name, _)| *name != "find")
        .collect();
    let heading = match view.ids.len() {
        0 => "Find workloads to compare".to_owned(),
        n => format!("Add a workload ({n} of at most {MAX_COMPARED})"),
    };
    view! {
        <section class="compare-chooser" aria-labelledby="chooser-title">
            <h2 id="chooser-title">{heading}</h2>
            <form method="get" action="/compare" role="search" aria-label="Find a workload to compare">
                {kept.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()}
                <label>"Name contains " <input name="find" type="search" value=view.find.clone() autocomplete="off"/></label>
                <button type="submit">"Find"</button>
            </form>
            {found.map(|found| view! { <Found found view/> })}
        </section>
    }
    .into_any()
}

/// The workloads a search found, each a link that adds it.
#[component]
fn Found(found: Resource<Result<Vec<Candidate>, AppError>>, view: CompareView) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p role="status">"Finding workloads…"</p> }>
            {move || {
                let view = view.clone();
                Suspend::new(async move {
                    match found.await {
                        Ok(candidates) if candidates.is_empty() => view! {
                            <p class="empty">"No other workload matches."</p>
                        }
                        .into_any(),
                        Ok(candidates) => view! {
                            <ul class="candidates" aria-label="Workloads to add">
                                {candidates.into_iter().map(|c| {
                                    let href = c.id.parse().map(|id| view.adding(id).href()).unwrap_or_default();
                                    view! {
                                        <li>
                                            <a href=href>{format!("Add {}", c.name)}</a>
                                            {format!(" — {}, {}", c.project, c.phase)}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(error) => view! {
                            <ErrorNote prefix="Could not find workloads:" error/>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}
