//! `follow_server_page`: a page the server renders whole, controls and results alike,
//! kept current in the browser with the dashboard's one refresh pattern
//! ([`super::use_live`]). A new view (a control, a link within the page, back or
//! forward) or a refresh tick loads the page's URL again and swaps in every element the
//! server marked `data-swap` (the results marked `aria-busy` meanwhile when the view
//! changed). A load that fails leaves the last good results on screen, marked stale,
//! and is retried. The page's controls set their URL parameters through
//! [`super::follow_param_controls`].
//!
//! A load of the URL already shown names the answer it holds (`If-None-Match`); when
//! nothing changed the server answers `304` with no body, and the results stay as they
//! are, their clock-driven texts brought forward (`advance_clock_texts`).
//!
//! The page travels as HTML rather than as data so that no view is parsed or rendered
//! in the browser, and what the island reads from it is in plain attributes, so no
//! JSON parser runs either: first loads stay within their budgets.
//!
//! The page's answer lives in an [`AnswerPart`], which says what it holds: when it was
//! fetched, or why the server could not load it; an island shows [`StaleMark`] over the
//! last good answer when a later load fails.

use leptos::prelude::*;

use super::{ErrorNote, PageUrl, Refresh, StaleNote, use_live};
use crate::error::AppError;

/// Results on screen that a later load could not replace: when they were fetched (as
/// shown), and why the latest load failed.
pub type Stale = (String, AppError);

/// The element a page's answer lives in, marked for [`follow_server_page`] to swap and
/// to read: `data-updated` (when the answer was fetched, as shown), or `data-error` and
/// `data-error-message` (the kind and words of why there is none, which then follow
/// `failed` on the page and say when the next try comes).
#[component]
pub fn AnswerPart(
    /// The element's `id`, which the page's island names.
    id: &'static str,
    /// When the answer was fetched, as shown; or why there is none.
    answered: Result<String, AppError>,
    /// What precedes the reason when there is no answer (`Could not load …:`).
    failed: &'static str,
    /// Seconds until the page tries again.
    retry_s: u64,
    /// What the answer shows.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let (updated, error) = match answered {
        Ok(updated) => (Some(updated), None),
        Err(error) => (None, Some(error)),
    };
    let kind = error.as_ref().map(|error| error.kind().name());
    let message = error.as_ref().map(|error| error.message().to_owned());
    view! {
        <div id=id data-updated=updated data-error=kind data-error-message=message data-swap="">
            {error.map(|error| view! { <ErrorNote prefix=failed error retry_s/> })}
            {children.map(|children| children())}
        </div>
    }
}

/// Over the last good answer, why the latest load failed and when the next try comes
/// ([`follow_server_page`]'s stale mark; nothing while the answer is current).
#[component]
pub fn StaleMark(stale: RwSignal<Option<Stale>>, retry_s: Signal<u64>) -> impl IntoView {
    move || {
        stale.get().map(|(updated, error)| {
            view! { <StaleNote updated error retry_s=retry_s.get()/> }
        })
    }
}

/// Keeps the page's swappable elements in step with `url` and its refresh period
/// (`refresh` in the URL); `results_id` names the element that says what the answer
/// holds. `swapped` runs after each swap, for a page that brings the new elements to
/// life (charts). Returns the stale mark to show (none on the server) and the retry
/// period in seconds.
pub fn follow_server_page(
    url: PageUrl,
    results_id: &'static str,
    swapped: Option<Callback<()>>,
) -> (RwSignal<Option<Stale>>, Signal<u64>) {
    let stale = RwSignal::new(None);
    // Only `refresh` is read here: the rest of the view is the server's to read.
    let refresh = Memo::new(move |_| Refresh::from_params(&url.params(), &mut Vec::new()));
    let live = use_live::<String>(Signal::derive(move || refresh.get().millis()));
    #[cfg(feature = "hydrate")]
    browser::follow(url, results_id, swapped, stale, live);
    #[cfg(not(feature = "hydrate"))]
    let _ = (url, results_id, swapped);
    (stale, Signal::derive(move || live.retry_seconds()))
}

/// The page at `href` as a document (not swapped in): how a control asks the server
/// whether it can use a value before going there. `results_id` names the element a
/// page of its kind always has.
#[cfg(feature = "hydrate")]
pub async fn load_page(href: &str, results_id: &str) -> Result<web_sys::Document, AppError> {
    match browser::load(href, results_id, None).await? {
        browser::Loaded::Fresh(page, _) => Ok(page),
        // Never without a validator; should it happen, the page on screen is the answer.
        browser::Loaded::Unchanged => Ok(document()),
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::{prelude::*, task::spawn_local};
    use web_sys::{Document, DomParser, Element, SupportedType};

    use super::Stale;
    use crate::{
        auth::is_sign_in_page,
        components::{Live, PageUrl, Settled, advance_clock_texts, current_url, swap_marked},
        error::{AppError, ErrorKind},
    };

    pub fn follow(
        url: PageUrl,
        results_id: &'static str,
        swapped: Option<Callback<()>>,
        stale: RwSignal<Option<Stale>>,
        live: Live<String>,
    ) {
        let results_on_screen = move || document().get_element_by_id(results_id);
        // What the server rendered: whether it is data or an error.
        if let Some(results) = results_on_screen() {
            let _ = settle_results(live, outcome(&results));
        }
        // A later load supersedes an earlier one still on its way.
        let latest = StoredValue::new(0u64);
        // The validator of the page on screen, and the URL it answers.
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
                    let loaded = load(&href, results_id, validator).await;
                    if latest.get_value() == this {
                        if let Ok(Loaded::Fresh(_, etag)) = &loaded {
                            held.set_value(etag.clone().map(|etag| (href, etag)));
                        }
                        if show(loaded, results_id, live, stale)
                            && let Some(swapped) = swapped
                        {
                            swapped.run(());
                        }
                    }
                });
            }
            key
        });
    }

    /// Settles what a results element says: when it was fetched, or why it failed.
    fn settle_results(live: Live<String>, loaded: Result<String, AppError>) -> Settled<String> {
        live.settle(loaded, String::clone, |_| true)
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
    pub enum Loaded {
        /// The page on screen is still the answer.
        Unchanged,
        /// A new page, and its validator.
        Fresh(Document, Option<String>),
    }

    /// Loads `href` (unless `validator` still names its answer) as a document, which
    /// must hold the element `results_id`.
    pub async fn load(
        href: &str,
        results_id: &str,
        validator: Option<String>,
    ) -> Result<Loaded, AppError> {
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
            .filter(|page| page.get_element_by_id(results_id).is_some())
            .map(|page| Loaded::Fresh(page, etag))
            .ok_or_else(|| unreadable(&format!("answered {status} without results")))
    }

    /// Puts a load's outcome on screen: a new page replaces what the server marked
    /// swappable; a failure keeps the last good results and marks them stale. Whether
    /// anything was swapped in.
    fn show(
        loaded: Result<Loaded, AppError>,
        results_id: &str,
        live: Live<String>,
        stale: RwSignal<Option<Stale>>,
    ) -> bool {
        let on_screen = document().get_element_by_id(results_id);
        if let Some(results) = &on_screen {
            let _ = results.remove_attribute("aria-busy");
        }
        let loaded = match loaded {
            Ok(Loaded::Unchanged) => {
                // Known current now: only what the clock moves is brought forward.
                if let Some(results) = &on_screen {
                    let now = js_sys::Date::now() as i64;
                    advance_clock_texts(results, now);
                    let _ =
                        results.set_attribute("data-updated", &crate::time_zone::clock_text(now));
                    let _ = settle_results(live, outcome(results));
                }
                stale.set(None);
                return false;
            }
            Ok(Loaded::Fresh(page, _)) => Ok(page),
            Err(error) => Err(error),
        };
        let fresh = loaded.as_ref().ok().cloned();
        let fresh_results = fresh
            .as_ref()
            .and_then(|page| page.get_element_by_id(results_id));
        let settled = settle_results(
            live,
            loaded.and_then(|_| {
                fresh_results
                    .as_ref()
                    .map_or_else(|| Ok(String::new()), outcome)
            }),
        );
        match settled {
            Settled::Stale { updated, error, .. } => {
                stale.set(Some((updated, error)));
                false
            }
            Settled::Fresh(_) | Settled::Failed(_) => {
                stale.set(None);
                fresh.map(|page| swap_marked(&page)).is_some()
            }
        }
    }
}
