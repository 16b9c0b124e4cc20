//! Request counts and latency by route, for `/metrics`. The route is the router's
//! pattern (`/workloads/{id}`, `/api/workloads_page`), never the raw path, so the
//! number of series stays bounded whatever URLs people try.

use std::time::Instant;

use axum::{
    extract::{MatchedPath, Request},
    middleware::Next,
    response::Response,
};

/// Counts the request and records its latency under its route.
pub async fn record_route_metrics(request: Request, next: Next) -> Response {
    let route = match request.extensions().get::<MatchedPath>() {
        Some(path) => path.as_str().to_owned(),
        // Static files and unknown paths share one label.
        None => "other".to_owned(),
    };
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("runboard_http_requests_total", "route" => route.clone(), "method" => method, "status" => status).increment(1);
    metrics::histogram!("runboard_http_request_duration_seconds", "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}
