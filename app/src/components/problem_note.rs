//! A URL parameter that could not be used, shown the same way on every page: as an
//! alert next to its control (or above the page), `param: why`.

use leptos::prelude::*;

use crate::url_state::Problem;

/// One problem with the page's URL.
#[component]
pub fn ProblemNote(problem: Problem) -> impl IntoView {
    view! { <p class="field-error" role="alert">{problem.to_string()}</p> }
}
