//! Live results: the server renders the table's results as HTML; the island keeps them
//! current in the browser with the dashboard's one refresh pattern
//! ([`crate::components::use_live`]). A new view (a control, a link within the table,
//! back or forward) or a refresh tick loads the page's URL again and swaps in the new
//! results element (marked `aria-busy` meanwhile when the view changed). A load that
//! fails leaves the last good results on screen, marked stale, and is retried.
//!
//! A load of the URL already shown names the answer it holds (`If-None-Match`); when
//! nothing changed the server answers `304` with no body, and the results stay as they
//! are, their clock-driven texts brought forward (`advance_clock_texts`).
//!
//! The results travel as HTML rather than as data so that the table's rows and their
//! rendering code never reach the browser, and what the island reads from them is in
//! plain attributes, so no JSON parser does either: the first load stays within its
//! budget.

use leptos::prelude::*;

use super::{seen::SeenValues, view::WorkloadsView};
use crate::{
    components::{PageUrl, use_live},
    error::AppError,
};

/// The `id` of the results element.
pub const RESULTS_ID: &str = "results";

/// Results on screen that a later load could not replace: when they were fetched (as
/// shown), and why the latest load failed.
pub type Stale = (String, AppError);

/// Keeps the results element in step with `url` and the view's refresh period, learns
/// their values into `seen`, and follows the page-size choice inside them.
/// Returns the stale mark to show (none on the server) and the retry period in seconds.
pub fn follow_results(
    url: PageUrl,
    view: Memo<WorkloadsView>,
    seen: SeenValues,
) -> (RwSignal<Option<Stale>>, Signal<u64>) {
    let stale = RwSignal::new(None);
    let live = use_live::<String>(Signal::derive(move || view.read().refresh.millis()));
    #[cfg(feature = "hydrate")]
    browser::follow(url, view, seen, stale, live);
    #[cfg(not(feature = "hydrate"))]
    let _ = (url, seen);
    (stale, Signal::derive(move || live.retry_seconds()))
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::{ev, prelude::*, task::spawn_local};
    use wasm_bindgen::JsCast;
    use web_sys::{DomParser, Element, HtmlSelectElement, SupportedType};

    use super::{RESULTS_ID, Stale};
    use crate::{
        auth::is_sign_in_page,
        components::{Live, PageUrl, Settled, advance_clock_texts, current_url},
        error::{AppError, ErrorKind},
        pages::workloads::{
            seen::SeenValues,
            view::{PAGE_SIZE_SELECT, WorkloadsView},
        },
    };

    pub fn follow(
        url: PageUrl,
        view: Memo<WorkloadsView>,
        seen: SeenValues,
        stale: RwSignal<Option<Stale>>,
        live: Live<String>,
    ) {
        // What the server rendered: its values, and whether it is data or an error.
        if let Some(results) = results_on_screen() {
            learn(seen, &results);
            let _ = settle_results(live, outcome(&results));
        }
        // A later load supersedes an earlier one still on its way.
        let latest = StoredValue::new(0u64);
        // The validator of the results on screen, and the URL they answer.
        let held: StoredValue<Option<(String, String)>> = StoredValue::new(None);
        Effect::new(move |previous: Option<(String, u32)>| {
            let key = (url.query(), live.tick());
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
                spawn_local(async move {
                    let href = current_url();
                    let validator = held
                        .get_value()
                        .filter(|(shown, _)| *shown == href)
                        .map(|(_, etag)| etag);
                    let loaded = load(&href, validator).await;
                    if latest.get_value() == this {
                        if let Ok(Loaded::Fresh(_, etag)) = &loaded {
                            held.set_value(etag.clone().map(|etag| (href, etag)));
                        }
                        show(loaded, live, seen, stale);
                    }
                });
            }
            key
        });
        follow_page_size(url, view);
    }

    /// Settles what a results element says: when it was fetched, or why it failed.
    fn settle_results(live: Live<String>, loaded: Result<String, AppError>) -> Settled<String> {
        live.settle(loaded, String::clone, |_| true)
    }

    fn results_on_screen() -> Option<Element> {
        document().get_element_by_id(RESULTS_ID)
    }

    /// When a results element was fetched, or the error it carries.
    fn outcome(results: &Element) -> Result<String, AppError> {
        match results.get_attribute("data-error") {
            Some(kind) => Err(match ErrorKind::from_name(&kind) {
                Some(kind) => AppError::new(
                    kind,
                    results
                        .get_attribute("data-error-message")
                        .unwrap_or_default(),
                ),
                None => AppError::internal("the dashboard's answer was garbled"),
            }),
            None => Ok(results.get_attribute("data-updated").unwrap_or_default()),
        }
    }

    /// What a load brought.
    enum Loaded {
        /// The results held are still the answer.
        Unchanged,
        /// New results, and their validator.
        Fresh(Element, Option<String>),
    }

    /// Loads `href` (unless `validator` still names its answer) and picks its results
    /// element out of the page.
    async fn load(href: &str, validator: Option<String>) -> Result<Loaded, AppError> {
        let unreadable = |what: &str| AppError::internal(format!("the dashboard {what}"));
        let mut request = gloo_net::http::Request::get(href).header("accept", "text/html");
        if let Some(validator) = &validator {
            // Set by the page, the browser passes a 304 through rather than answering
            // from its own cache (which pages never enter: they are `no-store`).
            request = request.header("if-none-match", validator);
        }
        let response = request
            .send()
            .await
            .map_err(|_| unreadable("did not answer"))?;
        // A page asked for without a session is answered with the sign-in page.
        if is_sign_in_page(&response.url()) {
            return Err(AppError::signed_out());
        }
        let status = response.status();
        if status == 304 {
            return Ok(Loaded::Unchanged);
        }
        let etag = response.headers().get("etag");
        let html = response
            .text()
            .await
            .map_err(|_| unreadable("'s answer was cut off"))?;
        DomParser::new()
            .and_then(|parser| parser.parse_from_string(&html, SupportedType::TextHtml))
            .ok()
            .and_then(|page| page.get_element_by_id(RESULTS_ID))
            .map(|results| Loaded::Fresh(results, etag))
            .ok_or_else(|| unreadable(&format!("answered {status} without results")))
    }

    /// Puts a load's outcome on screen: new results replace the old; a failure keeps
    /// the last good results and marks them stale.
    fn show(
        loaded: Result<Loaded, AppError>,
        live: Live<String>,
        seen: SeenValues,
        stale: RwSignal<Option<Stale>>,
    ) {
        let on_screen = results_on_screen();
        if let Some(results) = &on_screen {
            let _ = results.remove_attribute("aria-busy");
        }
        let loaded = match loaded {
            Ok(Loaded::Unchanged) => {
                // Known current now: only what the clock moves is brought forward.
                if let Some(results) = &on_screen {
                    let now = js_sys::Date::now() as i64;
                    advance_clock_texts(results, now);
                    let _ = results
                        .set_attribute("data-updated", &crate::format::format_time_of_day_ms(now));
                    let _ = settle_results(live, outcome(results));
                }
                stale.set(None);
                return;
            }
            Ok(Loaded::Fresh(results, _)) => Ok(results),
            Err(error) => Err(error),
        };
        let fresh = loaded.as_ref().ok().cloned();
        let settled = settle_results(live, loaded.and_then(|fresh| outcome(&fresh)));
        match settled {
            Settled::Stale { updated, error, .. } => stale.set(Some((updated, error))),
            Settled::Fresh(_) | Settled::Failed(_) => {
                stale.set(None);
                // A failure with no good results on screen shows the new error results.
                if let (Some(fresh), Some(old)) = (fresh, on_screen) {
                    learn(seen, &fresh);
                    let _ = old.replace_with_with_node_1(&fresh);
                }
            }
        }
    }

    fn learn(seen: SeenValues, results: &Element) {
        if let Some(carried) = results.get_attribute("data-seen") {
            seen.merge_query(&carried);
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
                let next = view.get_untracked().with_page_size(size);
                url.go(&crate::url_state::UrlState::href(&next), false);
            }
        });
        on_cleanup(move || listener.remove());
    }
}
