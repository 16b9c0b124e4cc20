//! Live results: the server renders the table's results as HTML; the island keeps them
//! current in the browser. A new view (a control, a link within the table, back or
//! forward) or a refresh tick loads the page's URL again and swaps in the new results
//! element (marked `aria-busy` meanwhile when the view changed). A load that fails
//! leaves the last good results on screen, marked stale, and is retried like every
//! other part of the dashboard ([`use_load_health`]).
//!
//! [`use_load_health`]: crate::components::use_load_health

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;

use super::{filter_bar::SeenValues, row::WorkloadRow, view::WorkloadsView};
use crate::components::PageUrl;

/// The `id` of the results element.
pub const RESULTS_ID: &str = "results";

/// Results on screen that a later load could not replace.
#[derive(Clone, Debug, PartialEq)]
pub struct Stale {
    /// When the results on screen were fetched, as shown.
    pub updated: String,
    /// Why the latest load failed.
    pub message: String,
    /// Seconds until the next try.
    pub retry_s: u64,
}

/// Values of the suggestion fields in `rows` (field → sorted values), which the results
/// element carries for the filter's suggestions.
pub fn seen_in(rows: &[WorkloadRow]) -> BTreeMap<&'static str, BTreeSet<String>> {
    let mut seen: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
    for row in rows {
        seen.entry("projectName")
            .or_default()
            .insert(row.project.clone());
        seen.entry("departmentName")
            .or_default()
            .insert(row.department.clone());
        for pool in &row.nodepools {
            seen.entry("nodepool").or_default().insert(pool.clone());
        }
        if let Some(who) = &row.submitted_by {
            seen.entry("submittedBy").or_default().insert(who.clone());
        }
    }
    seen
}

/// Keeps the results element in step with `url` and the view's refresh period, learns
/// their values into `seen`, and follows the page-size choice inside them.
/// Returns the stale mark to show (none on the server).
pub fn follow_results(
    url: PageUrl,
    view: Memo<WorkloadsView>,
    seen: SeenValues,
) -> RwSignal<Option<Stale>> {
    let stale = RwSignal::new(None);
    #[cfg(feature = "hydrate")]
    browser::follow(url, view, seen, stale);
    #[cfg(not(feature = "hydrate"))]
    let _ = (url, view, seen);
    stale
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::{ev, prelude::*, task::spawn_local};
    use wasm_bindgen::JsCast;
    use web_sys::{DomParser, Element, HtmlSelectElement, SupportedType};

    use super::{RESULTS_ID, Stale};
    use crate::{
        auth::{SIGNED_OUT, current_url, is_sign_in_page},
        components::{LoadHealth, PageUrl, retry_seconds, use_load_health},
        pages::workloads::{
            filter_bar::SeenValues, toolbar::PAGE_SIZE_SELECT, view::WorkloadsView,
        },
    };

    pub fn follow(
        url: PageUrl,
        view: Memo<WorkloadsView>,
        seen: SeenValues,
        stale: RwSignal<Option<Stale>>,
    ) {
        let health = use_load_health(Signal::derive(move || view.read().refresh.millis()));
        // What the server rendered: its values, and, if it is an error, the retries.
        if let Some(results) = results_on_screen() {
            learn(seen, &results);
            if let Some(message) = results.get_attribute("data-error") {
                health.report(Some(&ServerFnError::new(message)));
            }
        }
        // A later load supersedes an earlier one still on its way.
        let latest = StoredValue::new(0u64);
        Effect::new(move |previous: Option<(String, u32)>| {
            let key = (url.query(), health.tick.get());
            if let Some((query, _)) = previous {
                // A new view is marked busy until it arrives; a refresh is not (it
                // would dim the table every few seconds).
                if query != key.0
                    && let Some(results) = results_on_screen()
                {
                    let _ = results.set_attribute("aria-busy", "true");
                }
                latest.update_value(|n| *n += 1);
                let this = latest.get_value();
                let retry_s = retry_seconds(view.get_untracked().refresh.millis());
                spawn_local(async move {
                    let loaded = load(&current_url()).await;
                    if latest.get_value() == this {
                        show(loaded, health, seen, stale, retry_s);
                    }
                });
            }
            key
        });
        follow_page_size(url, view);
    }

    fn results_on_screen() -> Option<Element> {
        document().get_element_by_id(RESULTS_ID)
    }

    /// Loads `href` and picks its results element out of the page.
    async fn load(href: &str) -> Result<Element, String> {
        let response = gloo_net::http::Request::get(href)
            .header("accept", "text/html")
            .send()
            .await
            .map_err(|_| "the dashboard did not answer".to_owned())?;
        // A page asked for without a session is answered with the sign-in page.
        if is_sign_in_page(&response.url()) {
            return Err(SIGNED_OUT.to_owned());
        }
        let status = response.status();
        let html = response
            .text()
            .await
            .map_err(|_| "the dashboard's answer was cut off".to_owned())?;
        DomParser::new()
            .and_then(|parser| parser.parse_from_string(&html, SupportedType::TextHtml))
            .ok()
            .and_then(|page| page.get_element_by_id(RESULTS_ID))
            .ok_or_else(|| format!("the dashboard answered {status} without results"))
    }

    /// Puts a load's outcome on screen: new results replace the old; a failure keeps
    /// the last good results and marks them stale.
    fn show(
        loaded: Result<Element, String>,
        health: LoadHealth,
        seen: SeenValues,
        stale: RwSignal<Option<Stale>>,
        retry_s: u64,
    ) {
        let on_screen = results_on_screen();
        if let Some(results) = &on_screen {
            let _ = results.remove_attribute("aria-busy");
        }
        let good_on_screen = on_screen
            .as_ref()
            .and_then(|results| results.get_attribute("data-updated"));
        let failure = match &loaded {
            Ok(fresh) => fresh.get_attribute("data-error"),
            Err(message) => Some(message.clone()),
        };
        match (failure, good_on_screen) {
            (Some(message), Some(updated)) => {
                health.report(Some(&ServerFnError::new(message.clone())));
                stale.set(Some(Stale {
                    updated,
                    message,
                    retry_s,
                }));
            }
            (failure, _) => {
                health.report(failure.map(ServerFnError::new).as_ref());
                stale.set(None);
                if let (Ok(fresh), Some(old)) = (loaded, on_screen) {
                    learn(seen, &fresh);
                    let _ = old.replace_with_with_node_1(&fresh);
                }
            }
        }
    }

    fn learn(seen: SeenValues, results: &Element) {
        if let Some(map) = results
            .get_attribute("data-seen")
            .and_then(|json| serde_json::from_str(&json).ok())
        {
            seen.merge(map);
        }
    }

    /// The pager's "Rows per page", which is part of the results' HTML.
    fn follow_page_size(url: PageUrl, view: Memo<WorkloadsView>) {
        let listener = window_event_listener(ev::change, move |event| {
            let Some(select) = event
                .target()
                .and_then(|target| target.dyn_into::<HtmlSelectElement>().ok())
                .filter(|select| select.name() == PAGE_SIZE_SELECT)
            else {
                return;
            };
            if let Ok(size) = select.value().parse() {
                url.go(&view.get_untracked().with_page_size(size).href(), false);
            }
        });
        on_cleanup(move || listener.remove());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_values_are_collected_per_field_once() {
        let row = |project: &str| WorkloadRow {
            id: String::new(),
            name: String::new(),
            type_: String::new(),
            phase: String::new(),
            phase_detail: None,
            project: project.to_owned(),
            department: "research".to_owned(),
            submitted_by: None,
            running_pods: 0,
            requested_pods: 0,
            gpu_request: String::new(),
            gpu_allocated: 0.0,
            gpu_memory: None,
            cpu: String::new(),
            memory: String::new(),
            nodepools: vec![],
            priority_class: String::new(),
            preemptible: None,
            idle_gpus: 0.0,
            created_at: runai::model::Timestamp::from_unix_millis(0).expect("the epoch"),
            completed_at: None,
            cluster_id: String::new(),
        };
        let seen = seen_in(&[row("vision"), row("vision"), row("nlp")]);
        assert_eq!(
            seen["projectName"].iter().collect::<Vec<_>>(),
            ["nlp", "vision"]
        );
        assert_eq!(seen["departmentName"].len(), 1);
        assert!(!seen.contains_key("submittedBy"));
    }
}
