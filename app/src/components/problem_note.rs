//! A URL parameter that could not be used, shown the same way on every page: as an
//! alert next to its control, `param: why`, or with the others above the page.

use leptos::prelude::*;

use crate::url_state::Problem;

/// One problem with the page's URL.
#[component]
pub fn ProblemNote(problem: Problem) -> impl IntoView {
    view! { <p class="field-error" role="alert">{problem.to_string()}</p> }
}

/// Every problem with the page's link, above the page (nothing when there is none).
#[component]
pub fn LinkProblems(problems: Vec<Problem>) -> impl IntoView {
    (!problems.is_empty()).then(|| {
        view! {
            <div class="error">
                <p>"Part of the link could not be used and is left out:"</p>
                {problems.into_iter().map(|problem| view! { <ProblemNote problem/> }).collect_view()}
            </div>
        }
    })
}
