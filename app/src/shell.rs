//! The HTML document and the router around every page.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{A, Redirect, Route, Router, Routes},
    path,
};

use crate::{
    build::BuildFooter,
    components::{KeyboardShortcuts, WhoAmI},
    pages::{
        AlertsPage, ComparePage, DigestPage, FailuresPage, LedgerPage, LoginPage, NotFound,
        OverviewPage, QueuePage, WorkloadPage, WorkloadsPage,
    },
    saved_views::ViewsMenu,
    time_zone::ZoneChooser,
};

/// The whole HTML document, rendered on the server. Only its islands (the table's
/// controls, the charts) hydrate; the rest, forms included, stays the server's HTML.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_page_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" id="leptos" href=crate::assets::stylesheet_href()/>
                // ECharts is not loaded here: the first chart on a page fetches it
                // (components/echarts.rs), so pages without charts never pay for it.
                <AutoReload options=options.clone()/>
                {loads_islands().then(|| view! { <HydrationScripts options islands=true/> })}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Whether the page asked for has islands to hydrate. The sign-in page is a plain form:
/// it loads no script and no WASM (and renders without Leptos reading the build's hash
/// file for their names).
fn loads_islands() -> bool {
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<http::request::Parts>() {
        return parts.uri.path() != "/login";
    }
    true
}

/// The application root: header and routes (server-side; links between pages are
/// ordinary page loads).
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    view! {
        <Title formatter=|page: String| format!("{page} · Runboard")/>
        <Router>
            <header class="topbar">
                <A href="/workloads" attr:class="brand">"Runboard"</A>
                <nav aria-label="Main">
                    <A href="/overview">"Overview"</A>
                    <A href="/workloads">"Workloads"</A>
                    <A href="/queue">"Queue"</A>
                    <A href="/ledger">"Ledger"</A>
                    <A href="/failures">"Failures"</A>
                    <A href="/alerts">"Alerts"</A>
                </nav>
                <SignedInCorner/>
            </header>
            <KeyboardShortcuts/>
            <main>
                <Routes fallback=NotFound>
                    // `/` itself is answered by the server with a redirect here.
                    <Route path=path!("/") view=|| view! { <Redirect path="/workloads"/> }/>
                    // Pages kept current by loading them again and swapping in their
                    // marked elements are rendered whole before answering: a streamed
                    // answer would hold those only as placeholders.
                    <Route path=path!("/overview") view=OverviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/workloads") view=WorkloadsPage ssr=SsrMode::Async/>
                    // Rendered whole too, so a missing or forbidden workload answers 404/403.
                    <Route path=path!("/workloads/:id") view=WorkloadPage ssr=SsrMode::Async/>
                    // Rendered whole, so a bad window or grouping answers 400.
                    <Route path=path!("/compare") view=ComparePage ssr=SsrMode::Async/>
                    <Route path=path!("/ledger") view=LedgerPage ssr=SsrMode::Async/>
                    // Rendered whole, so a bad pool or project answers 400.
                    <Route path=path!("/queue") view=QueuePage ssr=SsrMode::Async/>
                    // Rendered whole, so a bad window answers 400.
                    <Route path=path!("/failures") view=FailuresPage ssr=SsrMode::Async/>
                    // Rendered whole, so a bad filter answers 400.
                    <Route path=path!("/alerts") view=AlertsPage ssr=SsrMode::Async/>
                    // Rendered whole, so a bad week answers 400.
                    <Route path=path!("/digest") view=DigestPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage/>
                </Routes>
            </main>
            <BuildFooter/>
        </Router>
    }
}

/// The header's saved views and account corner, everywhere but the sign-in page (which
/// has no one signed in to show).
#[component]
fn SignedInCorner() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    move || {
        (location.pathname.get() != "/login")
            .then(|| view! { <ViewsMenu/> <ZoneChooser/> <WhoAmI/> })
    }
}

/// The page's Content-Security-Policy, with this response's nonce (which Leptos puts on
/// its hydration and streaming scripts): scripts only from this site or with the nonce,
/// WASM allowed, nothing framed. Styles allow inline attributes, which ECharts'
/// tooltips and a few widths use.
#[cfg(feature = "ssr")]
fn set_page_policy() {
    let (Some(response), Some(nonce)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        leptos::nonce::use_nonce(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}
