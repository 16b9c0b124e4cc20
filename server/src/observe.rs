//! What operators see: log lines (text or JSON) and Prometheus metrics.
//!
//! Metrics are recorded with the `metrics` facade everywhere (the Run:ai client, the
//! route layer) and rendered by one process-wide Prometheus recorder, installed the
//! first time a server with a metrics address starts.

use std::{net::SocketAddr, sync::OnceLock};

use axum::{Router, routing::get};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

use crate::config::{LogFormat, Settings};

/// Typed input made fit for a log line (escaped, cut short).
pub use runai::loggable;

/// Installs the log subscriber for `settings` (once per process).
pub fn init_logging(settings: &Settings) {
    let filter = EnvFilter::try_new(&settings.log).unwrap_or_else(|err| {
        eprintln!(
            "runboard: RUNBOARD_LOG {:?} is not a filter ({err}); using info",
            settings.log
        );
        EnvFilter::new("info")
    });
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match settings.ops.log_format {
        LogFormat::Text => builder.init(),
        // One object per line; the request span's fields (request_id, route) ride
        // along on every event inside it.
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
}

/// Latency buckets in seconds, from a cached page to a Run:ai call at its timeout.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 15.0,
];

/// The process's Prometheus recorder, installed on first use.
pub fn prometheus() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets(&BUCKETS)
                .expect("the buckets are not empty")
                .build_recorder();
            let handle = recorder.handle();
            // Another recorder may already be installed (a test harness); then ours
            // renders nothing, which the metrics test would show.
            let _ = metrics::set_global_recorder(recorder);
            // Which build is running, for dashboards and alerts across replicas.
            metrics::gauge!(
                "runboard_build_info",
                "version" => env!("CARGO_PKG_VERSION"),
                "commit" => crate::COMMIT,
            )
            .set(1.0);
            handle
        })
        .clone()
}

/// Serves `GET /metrics` on its own address until `shutdown` completes.
/// `connections` are the dashboard's limits; a scraper gets their timeouts and few
/// connections.
pub async fn serve_metrics(
    addr: SocketAddr,
    connections: crate::listen::ConnectionLimits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<SocketAddr, std::io::Error> {
    let handle = prometheus();
    let listener = TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    let app = Router::new().route(
        "/metrics",
        get(move || {
            let handle = handle.clone();
            async move {
                handle.run_upkeep();
                (
                    [(
                        axum::http::header::CONTENT_TYPE,
                        "text/plain; version=0.0.4; charset=utf-8",
                    )],
                    handle.render(),
                )
            }
        }),
    );
    tracing::info!("Prometheus metrics on http://{bound}/metrics");
    tokio::spawn(async move {
        let limits = crate::listen::ConnectionLimits {
            max_connections: 64,
            ..connections
        };
        if let Err(err) = crate::listen::serve(listener, app, limits, shutdown).await {
            tracing::error!("the metrics endpoint stopped: {err}");
        }
    });
    Ok(bound)
}
