//! The HTML document and the router around every page.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{A, Redirect, Route, Router, Routes},
    path,
};

use crate::{
    pages::{NotFound, OverviewPage, TracePage, WorkloadPage, WorkloadsPage},
    upstream::get_identity,
};

/// The whole HTML document; rendered on the server only, then hydrated in place.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                // ECharts is one global script that the charts call into after hydration.
                // `defer` keeps it off the critical rendering path; charts wait for it.
                <script defer src="/vendor/echarts.min.js"></script>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The application root: header, routes and the hydration marker.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    mark_hydrated();

    view! {
        <Stylesheet id="leptos" href="/pkg/runboard.css"/>
        <Title formatter=|page: String| format!("{page} · Runboard")/>
        <Router>
            <header class="topbar">
                <A href="/workloads" attr:class="brand">"Runboard"</A>
                <nav aria-label="Main">
                    <A href="/overview">"Overview"</A>
                    <A href="/workloads">"Workloads"</A>
                    <A href="/trace">"H100 trace"</A>
                </nav>
                <WhoAmI/>
            </header>
            <main>
                <Routes fallback=NotFound>
                    // `/` itself is answered by the server with a redirect here.
                    <Route path=path!("/") view=|| view! { <Redirect path="/workloads"/> }/>
                    <Route path=path!("/overview") view=OverviewPage/>
                    <Route path=path!("/workloads") view=WorkloadsPage/>
                    // Rendered whole before answering, so a missing or forbidden workload
                    // answers 404/403 rather than a 200 that streams the bad news.
                    <Route path=path!("/workloads/:id") view=WorkloadPage ssr=SsrMode::Async/>
                    <Route path=path!("/trace") view=TracePage/>
                </Routes>
            </main>
        </Router>
    }
}

/// Who the dashboard acts as, and against which control plane.
#[component]
fn WhoAmI() -> impl IntoView {
    let identity = Resource::new(|| (), |()| get_identity());
    view! {
        <p class="whoami" aria-label="Signed in">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    identity.await.ok().map(|id| {
                        let upstream = if id.demo { "demo simulator".to_owned() } else { id.upstream_url.clone() };
                        view! { "as " <strong>{id.principal}</strong> " · " <span title=id.upstream_url>{upstream}</span> }
                    })
                })}
            </Suspense>
        </p>
    }
}

/// Sets `data-hydrated` on `<html>` once the WASM app has taken over the page, so
/// end-to-end tests (and curious people) can tell a live page from server HTML.
fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}
