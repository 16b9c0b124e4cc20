//! The filter builder: field → operator → value, beside the typed grammar. It is a
//! plain form (no script): the server turns its three choices into the same `filterBy`
//! item typing would add and answers with the view's own URL, so both ways write the
//! same link.

use leptos::prelude::*;

use super::field_words::filter_label;
use crate::url_state::with_param;
use runai::query::{FilterField, FilterOp, QueryParams};

/// The `id` of the values the builder offers: those the table on screen holds.
pub const VALUES_ID: &str = "filter-values";

/// `query` with filter `text` added to its `filterBy` (once) and its page number
/// dropped: what adding a filter does, typed in the box or built here.
pub fn query_with_filter(query: &str, text: &str) -> String {
    let params = QueryParams::parse(query);
    let mut filters: Vec<&str> = params.list("filterBy");
    if !filters.contains(&text) {
        filters.push(text);
    }
    with_param(
        &with_param(query, "filterBy", &filters.join(",")),
        "page",
        "",
    )
}

/// Where a submitted builder leads: the table's page with the built filter added, as
/// typing it would (a value that does not suit the field is then shown as a filter that
/// is not sent); `None` when `query` is not a builder's.
#[cfg(any(feature = "ssr", test))]
pub fn built_href(query: &str) -> Option<String> {
    let params = QueryParams::parse(query);
    let field = params.get("field")?;
    let op = params.get("op").unwrap_or("==");
    let value = params.get("value").unwrap_or_default().trim();
    let text = format!("{field}{op}{value}").replace(',', "");
    let rest = ["field", "op", "value"]
        .into_iter()
        .fold(query.to_owned(), |q, name| with_param(&q, name, ""));
    let query = query_with_filter(&rest, &text);
    Some(match query.is_empty() {
        true => "/workloads".to_owned(),
        false => format!("/workloads?{query}"),
    })
}

/// The builder for the page at `query`: its parameters ride along, hidden, as they are
/// in the address bar. Only they are swapped for each new view's (or refresh's) answer:
/// the disclosure and the choices a person is making stay as they are.
#[component]
pub fn FilterBuilder(query: String) -> impl IntoView {
    let kept = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .filter(|(name, _)| !["page", "field", "op", "value"].contains(&name.as_str()))
        .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
        .collect_view();
    view! {
        <details class="filter-builder">
            <summary>"Build a filter"</summary>
            <form method="get" action="/workloads" aria-label="Build a filter">
                <span id="filter-builder-view" data-swap="">{kept}</span>
                <label>
                    "Field "
                    <select name="field">
                        {FilterField::ALL.iter().map(|f| view! { <option value=f.as_str()>{filter_label(*f)}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    "Operator "
                    <select name="op">
                        {FilterOp::ALL.iter().map(|o| view! { <option value=o.as_str()>{o.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    "Value "
                    <input name="value" list=VALUES_ID autocomplete="off" required/>
                </label>
                <button type="submit">"Add this filter"</button>
            </form>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{pages::workloads::view::WorkloadsView, url_state::UrlQuery};

    #[test]
    fn the_builder_writes_the_url_typing_writes() {
        let typed = format!(
            "/workloads?{}",
            query_with_filter("sortBy=name&page=3", "phase==Running")
        );
        assert_eq!(typed, "/workloads?sortBy=name&filterBy=phase%3D%3DRunning");
        let built = built_href("sortBy=name&page=3&field=phase&op=%3D%3D&value=Running");
        assert_eq!(built.as_deref(), Some(typed.as_str()));
        // A second filter joins the first, in the order they were added.
        assert_eq!(
            built_href("filterBy=type%3D%3DJob&field=nodepool&op=%3D%3D&value=default").unwrap(),
            "/workloads?filterBy=type%3D%3DJob%2Cnodepool%3D%3Ddefault"
        );
    }

    #[test]
    fn a_value_that_does_not_suit_its_field_is_shown_not_sent() {
        let built = built_href("field=allocatedGPU&op=%3E%3D&value=many").unwrap();
        let view = WorkloadsView::parse(built.split_once('?').unwrap().1);
        assert!(view.filters.is_empty());
        assert_eq!(view.invalid_filters[0].0, "allocatedGPU>=many");
        assert_eq!(built_href("sortBy=name"), None);
    }
}
