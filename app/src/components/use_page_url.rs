//! `use_page_url`: a page's URL as its island sees it.
//!
//! Only islands hydrate, and the router runs on the server alone, so a page's island
//! holds the query of its URL as a signal: [`PageUrl::go`] changes it with a history
//! entry (or in place), back and forward (`popstate`) bring earlier ones back, and a link
//! to another page simply loads that page. The URL stays the state of every view.

use leptos::prelude::*;

use runai::query::QueryParams;

/// The island's page: its path (fixed) and its query (what the view is made of).
#[derive(Clone, Copy)]
pub struct PageUrl {
    path: StoredValue<String>,
    query: RwSignal<String>,
}

impl PageUrl {
    /// The query without its `?` (tracked).
    pub fn query(&self) -> String {
        self.query.get()
    }

    /// The query without its `?`, untracked (for event handlers).
    pub fn query_untracked(&self) -> String {
        self.query.get_untracked()
    }

    /// The query's parameters (tracked).
    pub fn params(&self) -> QueryParams {
        QueryParams::parse(&self.query.read())
    }

    /// The page's path, e.g. `/workloads/…`.
    pub fn path(&self) -> String {
        self.path.get_value()
    }

    /// Goes to `href`: on this page, a new history entry (`replace`: the current one
    /// changed) and a new query; on another page, that page is loaded.
    pub fn go(&self, href: &str, replace: bool) {
        // The views' own links leave the zone out; the page keeps the one it shows.
        let href = &crate::time_zone::zone::carried(href, &self.query.get_untracked());
        let (path, query) = split(href);
        if path != self.path.get_value() {
            #[cfg(feature = "hydrate")]
            let _ = window().location().set_href(href);
            return;
        }
        #[cfg(feature = "hydrate")]
        {
            let history = window().history();
            let changed = history.and_then(|history| {
                if replace {
                    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
                } else {
                    history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
                }
            });
            if changed.is_err() {
                let _ = window().location().set_href(href);
                return;
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = replace;
        if self.query.get_untracked() != query {
            self.query.set(query);
        }
    }
}

/// `href`'s path and its query without the `?`.
fn split(href: &str) -> (&str, String) {
    match href.split_once('?') {
        Some((path, query)) => (path, query.to_owned()),
        None => (href, String::new()),
    }
}

/// Gives the island's components its page URL (`path`, and `query` as the server
/// read it), and follows back and forward.
pub fn provide_page_url(path: String, query: String) -> PageUrl {
    let url = PageUrl {
        path: StoredValue::new(path),
        query: RwSignal::new(query.trim_start_matches('?').to_owned()),
    };
    #[cfg(feature = "hydrate")]
    {
        let listener = window_event_listener(leptos::ev::popstate, move |_| {
            let search = window().location().search().unwrap_or_default();
            let query = search.trim_start_matches('?').to_owned();
            if url.query.get_untracked() != query {
                url.query.set(query);
            }
        });
        on_cleanup(move || listener.remove());
        follow_links(url);
    }
    provide_context(url);
    url
}

/// Links to this same page (a sort header, the pager, a chip, a metric) change the view
/// in place, as a router would, rather than loading the page again.
#[cfg(feature = "hydrate")]
fn follow_links(url: PageUrl) {
    use wasm_bindgen::JsCast;

    let listener = window_event_listener(leptos::ev::click, move |event| {
        if event.default_prevented()
            || event.button() != 0
            || event.meta_key()
            || event.ctrl_key()
            || event.shift_key()
            || event.alt_key()
        {
            return;
        }
        let Some(link) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("a[href]").ok().flatten())
        else {
            return;
        };
        if link.has_attribute("download") || link.has_attribute("target") {
            return;
        }
        let href = match link.get_attribute("href").unwrap_or_default() {
            // `?…` is this page with another query.
            query if query.starts_with('?') => format!("{}{query}", url.path()),
            href => href,
        };
        if split(&href).0 == url.path() {
            event.prevent_default();
            url.go(&href, false);
        }
    });
    on_cleanup(move || listener.remove());
}

/// The query of the page being rendered, for a page's island (server side, where the
/// router runs).
pub fn page_query() -> String {
    leptos_router::hooks::use_location()
        .search
        .get_untracked()
        .trim_start_matches('?')
        .to_owned()
}

/// The query of the page an island is on, without its `?`: the router's on the server,
/// the address bar's in the browser (the same URL). Islands read it rather than take
/// it as a prop: an island's props travel as JSON, and decoding them would bring a
/// JSON parser into the browser's main module.
pub fn island_page_query() -> String {
    #[cfg(feature = "hydrate")]
    let search = window().location().search().unwrap_or_default();
    #[cfg(not(feature = "hydrate"))]
    let search = leptos_router::hooks::use_location().search.get_untracked();
    search.trim_start_matches('?').to_owned()
}

/// The path of the page an island is on: the router's on the server, the address
/// bar's in the browser (the same URL).
pub fn island_page_path() -> String {
    #[cfg(feature = "hydrate")]
    return window().location().pathname().unwrap_or_default();
    #[cfg(not(feature = "hydrate"))]
    leptos_router::hooks::use_location()
        .pathname
        .get_untracked()
}

/// The page URL its island provided.
pub fn use_page_url() -> PageUrl {
    expect_context()
}

/// Sets `data-hydrated` on `<html>` once an island has come to life, so end-to-end
/// tests (and curious people) can tell a live page from server HTML.
pub fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}

/// This page's path and query: the router's on the server; in an island (where no
/// router runs), the browser's.
pub fn current_url() -> String {
    #[cfg(feature = "hydrate")]
    let (path, search) = {
        let location = window().location();
        (
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default(),
        )
    };
    #[cfg(not(feature = "hydrate"))]
    let (path, search) = {
        let location = leptos_router::hooks::use_location();
        (
            location.pathname.get_untracked(),
            location.search.get_untracked(),
        )
    };
    match search.as_str() {
        "" => path,
        s if s.starts_with('?') => format!("{path}{s}"),
        s => format!("{path}?{s}"),
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn an_href_splits_into_path_and_query() {
        assert_eq!(
            split("/workloads?a=1&b=2"),
            ("/workloads", "a=1&b=2".to_owned())
        );
        assert_eq!(split("/overview"), ("/overview", String::new()));
    }
}
