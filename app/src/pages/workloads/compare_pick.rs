//! Choosing workloads to compare from the table: each row's box belongs to this form,
//! which goes to `/compare` with the ticked ids (and those ticked on other pages, kept
//! in the URL's `compare=`). It works as a plain form before any script; with one, a
//! tick is kept in the URL at once ([`super::controls`]), so paging and filtering keep
//! it.

use leptos::prelude::*;

use super::{
    columns::Column,
    table::COMPARE_FORM_ID,
    view::{MAX_PICKED, WorkloadsView},
};
use crate::url_state::UrlState;

/// The form and its button, "Compare (n)". `on_page`: the rows with a box on this page
/// (none when the name column, which holds the boxes, is hidden); the other ticks ride
/// in hidden fields.
#[component]
pub fn ComparePick(current: WorkloadsView, on_page: Vec<String>) -> impl IntoView {
    let ticked = current.picked.len();
    let boxes_shown = current.visible_columns().contains(&Column::Name);
    let elsewhere: Vec<String> = current
        .picked
        .iter()
        .map(ToString::to_string)
        .filter(|id| !boxes_shown || !on_page.contains(id))
        .collect();
    let clear = (ticked > 0).then(|| {
        let mut none = current.clone();
        none.picked.clear();
        view! { " " <a href=none.href()>"Clear the ticks"</a> }
    });
    view! {
        <form id=COMPARE_FORM_ID action="/compare" method="get" class="compare-pick">
            {elsewhere.into_iter().map(|id| view! { <input type="hidden" name="ids" value=id/> }).collect_view()}
            <button type="submit">{format!("Compare ({ticked})")}</button>
            {format!(" Tick 2 to {MAX_PICKED} rows to see them side by side.")}
            {clear}
        </form>
    }
}
