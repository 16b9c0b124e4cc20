//! The HTTP stack: the Leptos app and its server functions, static files, health,
//! sign-in, sessions and the layers around them.

mod conditional;
mod cross_site;
pub mod explain;
pub mod front_door;
mod health;
pub mod limits;
pub mod request_id;
mod route_metrics;
mod secure_cookie;
mod security_headers;
mod server_fn_errors;
pub mod session;
mod sign_in_required;
pub mod static_files;
mod zone_choice;

use std::{
    net::SocketAddr,
    sync::{Arc, OnceLock},
};

use app::{App, shell, upstream::Upstream};
use axum::{
    Router,
    extract::FromRef,
    http::{StatusCode, header},
    middleware,
    response::{IntoResponse, Response},
    routing::get,
};
use leptos::prelude::*;
use leptos_axum::{
    AxumRouteListing, LeptosRoutes, file_and_error_handler_with_context, generate_route_list,
};
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::{CompressionLayer, CompressionLevel},
    limit::RequestBodyLimitLayer,
    timeout::TimeoutLayer,
    trace::TraceLayer,
};

use crate::{
    ServeError,
    auth::{Auth, FailureLimits},
    config::Settings,
    redis::sign_in_failures::RedisFailures,
    upstream::Started,
};

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
    /// The Run:ai control plane's client.
    pub upstream: Upstream,
    /// Sign-in: who may use the dashboard and with which credentials.
    pub auth: Arc<Auth>,
    /// The session store, for readiness.
    pub sessions: session::Store,
    /// The last readiness answer, shared by probes.
    pub readiness: Arc<health::Readiness>,
    /// The GPU waste ledger, as the page and its CSV read it.
    pub ledger: app::pages::ledger::LedgerSource,
    /// The header's saved views.
    pub views: app::saved_views::SavedViewsSource,
    /// What running workloads' GPUs are doing.
    pub gpu_states: app::gpu_states::source::GpuStatesSource,
    /// Alert rules, and who their owners could see at sign-in.
    pub alerts: app::pages::alerts::AlertsSource,
}

/// Builds the whole application router for `settings`, listening on `listening`,
/// talking to the started upstream and keeping sessions in `store`.
pub fn router(
    settings: &Settings,
    listening: SocketAddr,
    started: Started,
    store: session::Store,
    readers: crate::gpu_ledger::LedgerReaders,
    site: &crate::site::Site,
) -> Result<Router, ServeError> {
    // With Redis, replicas count failed sign-ins together, named under the session key
    // they share (Redis sessions require one).
    let failures = match store.redis().zip(settings.session.key.as_ref()) {
        Some((pool, key)) => {
            tracing::info!("failed sign-ins are counted with the other replicas through Redis");
            FailureLimits::shared(Arc::new(RedisFailures::new(
                pool.clone(),
                key,
                settings.session.redis_call_limit,
            )))
        }
        None => FailureLimits::default(),
    };
    let auth = Arc::new(Auth::new(
        settings,
        &started,
        Arc::new(store.clone()),
        failures,
    ));
    let leptos_options = LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(site.root.to_string_lossy().as_ref())
        .site_pkg_dir("pkg")
        // Hashed asset names when the release build recorded their hashes (an absolute
        // path: Leptos joins it to the binary's folder).
        .hash_files(site.hash_file.is_some())
        .hash_file(Arc::<str>::from(site.hash_file.as_ref().map_or_else(
            || "hash.txt".to_owned(),
            |path| path.to_string_lossy().into_owned(),
        )))
        .site_addr(settings.addr)
        .build();
    let hidden = crate::gpu_ledger::hidden_counter(settings, &started);
    let state = AppState {
        leptos_options: leptos_options.clone(),
        upstream: started.upstream,
        auth: auth.clone(),
        sessions: store.clone(),
        readiness: Arc::default(),
        ledger: readers.source,
        views: readers.views,
        gpu_states: readers.gpu_states,
        alerts: readers.alerts,
    };
    let door = Arc::new(front_door::FrontDoor::new(settings, listening));

    // Server functions and pages reach shared state through Leptos context.
    let cluster_names = app::cluster_names::ClusterNames::new(settings.cluster_names.clone());
    let context = {
        let hidden = hidden.clone();
        let upstream = state.upstream.clone();
        let sign_in = auth.options.clone();
        let ledger = state.ledger.clone();
        let views = state.views.clone();
        let gpu_states = state.gpu_states.clone();
        let alerts = state.alerts.clone();
        move || {
            provide_context(cluster_names.clone());
            provide_context(alerts.clone());
            provide_context(ledger.clone());
            provide_context(views.clone());
            provide_context(gpu_states.clone());
            provide_context(hidden.clone());
            provide_context(upstream.clone());
            provide_context(sign_in.clone());
            provide_context(crate::BUILD);
        }
    };
    let routes = app_routes();
    Ok(Router::new()
        .route(
            "/",
            get(|| async { axum::response::Redirect::to("/workloads") }),
        )
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/login", axum::routing::post(crate::auth::login::sign_in))
        .route("/logout", axum::routing::post(crate::auth::login::sign_out))
        .merge(app::pages::download_routes(app::pages::Downloads {
            upstream: state.upstream.clone(),
            exports: app::download::ExportSlots::default(),
            ledger: state.ledger.clone(),
            gpu_states: state.gpu_states.clone(),
            hidden,
        }))
        .merge(
            static_files::StaticFiles::load(&site.root)
                .map_err(|source| {
                    ServeError::Site(crate::site::SiteError::Read {
                        path: site.root.clone(),
                        source,
                    })
                })?
                .routes(),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(leptos_options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .with_state(state)
        // Innermost: it sees the answer as rendered, before compression.
        .layer(middleware::from_fn(conditional::answer_conditionally))
        .layer(middleware::from_fn(route_metrics::record_route_metrics))
        .layer(middleware::from_fn(server_fn_errors::answer_with_status))
        .layer(middleware::from_fn(zone_choice::keep_zone))
        .layer(middleware::from_fn_with_state(
            auth,
            sign_in_required::require_sign_in,
        ))
        .layer(session::layer(store, settings))
        .layer(middleware::from_fn(secure_cookie::secure_removals))
        // Server functions and forms take small bodies; anything larger is refused
        // with 413 before it is read.
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(middleware::from_fn(cross_site::refuse_cross_site))
        .layer(middleware::from_fn_with_state(door, front_door::front_door))
        // Past it the work is dropped; the explain layer says what happened.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::GATEWAY_TIMEOUT,
            std::time::Duration::from_secs(settings.ops.request_timeout_secs),
        ))
        .layer(CatchPanicLayer::custom(panic_answer))
        .layer(middleware::from_fn(security_headers::security_headers))
        .layer(middleware::from_fn(explain::explain_empty_errors))
        // Pages are compressed as they are answered, at level 1: zstd for the browsers
        // that take it (every current one; 8 KB for a 45 KB table page), otherwise gzip
        // (zlib-rs's quick strategy, 10 KB). Higher levels clear larger tables for every
        // answer for a few hundred bytes less; brotli, even at its fast levels,
        // allocates and clears megabytes of tables per answer, and at its default
        // level (11) took several milliseconds: most of what a page cost. Static files
        // come precompressed (brotli 11) and pass through as they are.
        .layer(
            CompressionLayer::new()
                .no_br()
                .quality(CompressionLevel::Precise(1)),
        )
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(middleware::from_fn(limits::limit_sizes))
        .layer(middleware::from_fn(request_id::assign_request_id)))
}

/// The app's page routes, found once per process and shared by every server in it.
///
/// Finding them runs the whole app once with resource loading switched off by a
/// process-wide flag (leptos_server's `SuppressResourceLoad`); a resource that a page
/// being served at that moment polls for the first time sees the flag, waits on a
/// future that never wakes, and its page never finishes. One server per process is
/// unaffected (it finds its routes before it serves); several in one process (tests,
/// replicas side by side) would be, unless the list is found once, before any of them
/// serves: the `OnceLock` holds every other starting server until it is there.
fn app_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES
        .get_or_init(|| {
            // `/` is a plain HTTP redirect; the router's own `/` route only serves
            // client-side navigation.
            generate_route_list(App)
                .into_iter()
                .filter(|route| route.path() != "/")
                .collect()
        })
        .clone()
}

/// The answer to a request whose handler panicked: a 500 that says so (the panic is
/// logged, with the request's id, by the panic hook and the trace layer).
fn panic_answer(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CACHE_CONTROL, "no-store")],
        "500 Internal Server Error: the dashboard failed while answering this request. \
         It has been logged; try again, and tell the dashboard's operators if it persists.",
    )
        .into_response()
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

#[cfg(test)]
mod tests {
    use axum::{body::Body, http::Request};
    use tower::ServiceExt;

    use super::*;

    fn failing_handler() -> &'static str {
        panic!("a bug")
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_500_with_a_message() {
        let app = Router::new()
            .route("/boom", get(|| async { failing_handler() }))
            .layer(CatchPanicLayer::custom(panic_answer));
        let response = app
            .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
        let body = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .unwrap();
        let text = String::from_utf8_lossy(&body);
        assert!(
            text.contains("failed while answering this request"),
            "{text}"
        );
        assert!(
            !text.contains("a bug"),
            "the panic's own words stay in the log"
        );
    }
}
