//! The Runboard server: configuration, the HTTP stack around the Leptos app, sign-in,
//! and the embedded Run:ai simulator.
//!
//! `main.rs` is a thin wrapper over [`run`]; integration tests call [`serve`] on a
//! listener bound to port 0.
// The island views nest deeply enough (page → island → suspense → controls) that
// computing the layout of their server-side render futures needs more than the default.
#![recursion_limit = "256"]

pub mod alerts;
pub mod auth;
pub mod config;
pub mod gpu_ledger;
pub mod http;
pub mod listen;
pub mod observe;
pub mod peer;
pub mod redis;
pub mod site;
pub mod upstream;

use std::future::Future;

use tokio::net::TcpListener;

pub use config::Settings;

/// The commit this binary is built from (`unknown` outside a git checkout).
pub const COMMIT: &str = env!("RUNBOARD_COMMIT");
/// `runboard --version`: the version and the commit.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("RUNBOARD_COMMIT"),
    ")"
);

/// The build, as pages show it in their footer.
pub const BUILD: app::build::Build = app::build::Build {
    version: env!("CARGO_PKG_VERSION"),
    commit: COMMIT,
};

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot set up the Run:ai client: {0}")]
    Upstream(#[from] runai::ApiError),
    #[error("cannot open the session store: {0}")]
    Sessions(String),
    #[error("{0}")]
    Site(#[from] site::SiteError),
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

async fn bind(addr: std::net::SocketAddr) -> Result<TcpListener, ServeError> {
    TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })
}

/// Binds `settings.addr` and serves the dashboard until Ctrl-C or SIGTERM.
pub async fn run(settings: Settings) -> Result<(), ServeError> {
    let listener = bind(settings.addr).await?;
    serve(listener, settings, shutdown_signal()).await
}

/// Binds `settings.addr` and serves only the Run:ai simulator until Ctrl-C or SIGTERM.
pub async fn run_simulator(settings: Settings) -> Result<(), ServeError> {
    let listener = bind(settings.addr).await?;
    let simulator =
        runai_sim::Simulator::new(&settings.sim, std::sync::Arc::new(runai_sim::SystemClock));
    simulator.announce(&format!("http://{}", listener.local_addr()?));
    let router = simulator.router();
    let listener = runai_sim::outage::OutageListener::new(listener, simulator);
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

/// Serves the dashboard on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    settings: Settings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let addr = listener.local_addr()?;
    // First: a site that cannot be served stops the start before anything else runs.
    let site = site::Site::find(&settings)?;
    if let Some(hashes) = site.hashes() {
        app::assets::remember_hashes(&hashes);
    }
    // One shutdown signal, seen by the dashboard and the metrics endpoint.
    let (stopping, stop) = tokio::sync::watch::channel(false);
    let shutdown = async move {
        shutdown.await;
        let _ = stopping.send(true);
    };
    if let Some(metrics_addr) = settings.ops.metrics_addr {
        let mut stop = stop.clone();
        observe::serve_metrics(metrics_addr, settings.connections, async move {
            let _ = stop.wait_for(|stopped| *stopped).await;
        })
        .await
        .map_err(|source| ServeError::Bind {
            addr: metrics_addr,
            source,
        })?;
    }
    let store = http::session::Store::open(&settings).await?;
    // With Redis, replicas share Run:ai answers too, named under the session key they
    // share (Redis sessions require one).
    let shared = store
        .redis()
        .zip(settings.session.key.as_ref())
        .map(|(pool, key)| {
            tracing::info!("Run:ai answers are shared with the other replicas through Redis");
            let answers = redis::answers::RedisAnswers::new(
                pool.clone(),
                key,
                settings.session.redis_call_limit,
            );
            runai::client::SharedStore(std::sync::Arc::new(answers))
        });
    let started = upstream::start(&settings, shared).await?;
    let ledger = gpu_ledger::start(&settings, &started, addr, stop.clone()).await;
    let router = http::router(&settings, addr, started, store, ledger.readers, &site)?;
    if settings.auth.mode == config::AuthMode::Demo && !addr.ip().is_loopback() {
        tracing::warn!(
            %addr,
            "demo mode listens beyond this machine: anyone who reaches {addr} can sign in \
             as the simulator's administrator with one click; listen on 127.0.0.1 or use \
             RUNBOARD_AUTH_MODE=user or service-account"
        );
    }
    if http::static_files::built_without_split(&site.root) {
        tracing::error!(
            site_root = %site.root.display(),
            "the site was built without `cargo leptos build --split`: it imports a \
             placeholder for the lazy chart islands, so no island hydrates; rebuild with --split"
        );
    }
    tracing::info!(
        version = VERSION,
        site_root = %site.root.display(),
        site = site.origin,
        auth_mode = settings.auth.mode.as_str(),
        "Runboard listening on http://{addr}"
    );
    let limits = listen::ConnectionLimits {
        max_connections: listen::connections_within_file_limit(
            settings.connections.max_connections,
        ),
        ..settings.connections
    };
    tracing::info!(
        max_connections = limits.max_connections,
        header_timeout_secs = limits.header_read_timeout.as_secs(),
        idle_timeout_secs = limits.idle_timeout.as_secs(),
        "connection limits"
    );
    // In-flight requests finish; idle connections close; new ones are refused.
    listen::serve(listener, router, limits, shutdown).await?;
    if let Some(evaluating) = ledger.evaluating {
        // A pass cut short files nothing half-way: each step is its own transaction.
        let _ = tokio::time::timeout(std::time::Duration::from_secs(5), evaluating).await;
    }
    if let Some(collecting) = ledger.collecting {
        // The collector lets go of its lease: one statement, so a short wait suffices.
        if tokio::time::timeout(std::time::Duration::from_secs(5), collecting)
            .await
            .is_err()
        {
            tracing::warn!("the ledger's collector did not stop in 5 s");
        }
    }
    tracing::info!("stopped: every in-flight request was answered");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
