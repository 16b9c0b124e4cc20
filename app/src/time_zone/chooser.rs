//! The header's zone form: a plain GET form that asks for the page it is on with the
//! chosen zone in `zone`; the server keeps the choice (a cookie, so the next page keeps
//! it too) and answers with the page's link carrying it in `tz`. Its copy of the page's
//! other parameters is swapped in with each newer answer of the page.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::{Zone, zone::PARAM};

/// The form field the header's choice is sent in (apart from `tz`, so opening a shared
/// link never changes anyone's choice).
pub const CHOICE: &str = "zone";
/// The form's id; it carries the zone the page shows in `data-zone` (checked by the
/// server), which the browser reads to write the page's times.
pub const FORM_ID: &str = "zone-chooser";
/// The cookie that keeps the choice between pages.
pub const COOKIE: &str = "runboard_tz";

/// Zones offered by name (any IANA name may be typed): a few, since the form is on
/// every page.
const OFFERED: [&str; 7] = [
    "UTC",
    "America/Los_Angeles",
    "America/New_York",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Asia/Tokyo",
];

/// The pages whose times follow the zone (what the server keeps the choice for).
pub fn is_page(path: &str) -> bool {
    matches!(path, "/workloads" | "/overview" | "/ledger" | "/queue")
        || path
            .strip_prefix("/workloads/")
            .is_some_and(|id| !id.is_empty() && !id.contains('/'))
}

/// "Times in …": the zone form.
#[component]
pub fn ZoneChooser() -> impl IntoView {
    let location = use_location();
    let path = location.pathname.get_untracked();
    let query = location.search.get_untracked();
    let params = runai::query::QueryParams::parse(query.trim_start_matches('?'));
    let chosen = Zone::from_param(params.get(PARAM));
    let kept: Vec<(String, String)> = params
        .pairs()
        .filter(|(name, _)| *name != PARAM && *name != CHOICE)
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    let typed = params.get(PARAM).unwrap_or_default().to_owned();
    let problem = chosen.as_ref().err().map(|p| p.message.clone());
    let shown = chosen.ok().and_then(|zone| zone.param().map(str::to_owned));
    is_page(&path).then(|| {
        view! {
            <form
                method="get"
                action=path
                id=FORM_ID
                class="zone-chooser"
                aria-label="Time zone"
                data-zone=shown
            >
                <span id="zone-view" data-swap="">
                    {kept
                        .into_iter()
                        .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
                        .collect_view()}
                </span>
                <label>
                    "Times in "
                    <input
                        name=CHOICE
                        list="zone-names"
                        value=typed
                        placeholder="your browser's zone"
                        size="14"
                        autocomplete="off"
                        aria-describedby=problem.as_ref().map(|_| "zone-problem")
                    />
                </label>
                <datalist id="zone-names">
                    {OFFERED.map(|name| view! { <option value=name></option> }).collect_view()}
                </datalist>
                <button type="submit">"Set zone"</button>
                {problem.map(|message| view! { <small id="zone-problem" class="field-error">{message}</small> })}
            </form>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_with_times_are_known() {
        for page in [
            "/workloads",
            "/workloads/abc",
            "/overview",
            "/ledger",
            "/queue",
        ] {
            assert!(is_page(page), "{page}");
        }
        for other in [
            "/",
            "/login",
            "/api/x",
            "/workloads/a/b",
            "/workloads/",
            "/export/workloads.csv",
        ] {
            assert!(!is_page(other), "{other}");
        }
    }
}
