//! The HTTP stack: the Leptos app and its server functions, static files, health,
//! sign-in, sessions and the layers around them.

mod cross_site;
mod explain;
mod export;
mod health;
pub mod limits;
pub mod request_id;
mod route_metrics;
mod security_headers;
mod server_fn_status;
pub mod session;
mod sign_in_required;
pub mod static_files;

use std::sync::Arc;

use app::{App, shell, trace::source::GpuTrace, upstream::Upstream};
use axum::{Router, extract::FromRef, middleware, routing::get};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use tower_http::{compression::CompressionLayer, limit::RequestBodyLimitLayer, trace::TraceLayer};

use crate::{ServeError, auth::Auth, config::Settings, upstream::Started};

/// The name cargo-leptos gives the built JS, WASM and CSS (`pkg/runboard.*`).
pub const OUTPUT_NAME: &str = app::assets::OUTPUT_NAME;

/// The largest request body accepted (server-function arguments and sign-in forms are
/// a few hundred bytes).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What every handler and server function can reach.
#[derive(Clone, FromRef)]
pub struct AppState {
    /// Where the site is and what it is called.
    pub leptos_options: LeptosOptions,
    /// The recorded H100 trace the demo page charts.
    pub trace: Arc<GpuTrace>,
    /// The Run:ai control plane's client.
    pub upstream: Upstream,
    /// Sign-in: who may use the dashboard and with which credentials.
    pub auth: Arc<Auth>,
    /// The session store, for readiness.
    pub sessions: session::Store,
}

/// Builds the whole application router for `settings`, talking to the started
/// upstream and keeping sessions in `store`.
pub fn router(
    settings: &Settings,
    started: Started,
    store: session::Store,
) -> Result<Router, ServeError> {
    let auth = Arc::new(Auth::new(settings, &started));
    let leptos_options = LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(settings.site_root.to_string_lossy().as_ref())
        .site_pkg_dir("pkg")
        // Hashed asset names when the release build wrote their hashes next to us.
        .hash_files(app::assets::hash_file().is_some())
        .site_addr(settings.addr)
        .build();
    let state = AppState {
        leptos_options: leptos_options.clone(),
        trace: Arc::new(GpuTrace::h100()?),
        upstream: started.upstream,
        auth: auth.clone(),
        sessions: store.clone(),
    };

    // Server functions and pages reach shared state through Leptos context.
    let context = {
        let trace = state.trace.clone();
        let upstream = state.upstream.clone();
        let sign_in = auth.options.clone();
        move || {
            provide_context(trace.clone());
            provide_context(upstream.clone());
            provide_context(sign_in.clone());
        }
    };
    // `/` is a plain HTTP redirect; the router's own `/` route only serves client-side
    // navigation.
    let routes: Vec<_> = generate_route_list(App)
        .into_iter()
        .filter(|route| route.path() != "/")
        .collect();
    Ok(Router::new()
        .route(
            "/",
            get(|| async { axum::response::Redirect::to("/workloads") }),
        )
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/login", axum::routing::post(crate::auth::login::sign_in))
        .route("/logout", axum::routing::post(crate::auth::login::sign_out))
        .route("/export/workloads.csv", get(export::workloads_csv))
        .route(
            "/export/workloads/{id}/metrics.csv",
            get(export::metrics_csv),
        )
        .route("/export/telemetry.csv", get(export::telemetry_csv))
        .merge(static_files::routes(&settings.site_root))
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(leptos_options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .with_state(state)
        .layer(middleware::from_fn(route_metrics::record_route_metrics))
        .layer(middleware::from_fn(server_fn_status::bad_arguments_are_400))
        .layer(middleware::from_fn_with_state(
            auth,
            sign_in_required::require_sign_in,
        ))
        .layer(session::layer(store, settings))
        // Server functions and forms take small bodies; anything larger is refused
        // with 413 before it is read.
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(middleware::from_fn(cross_site::refuse_cross_site))
        .layer(middleware::from_fn(security_headers::security_headers))
        .layer(middleware::from_fn(explain::explain_empty_errors))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(middleware::from_fn(limits::limit_sizes))
        .layer(middleware::from_fn(request_id::assign_request_id)))
}

/// The log span of one request: its method, path (never the query) and id.
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let id = request
        .headers()
        .get(&request_id::REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = request.uri().path(),
        request_id = id,
    )
}
