//! The simulator's HTTP API: the five Workloads endpoints as the spec defines them,
//! the token endpoints, and the admin-only fault controls.

// Handlers return a finished `Response` as their error: it is what axum sends.
#![allow(clippy::result_large_err)]

use std::sync::Arc;

use axum::{
    Json, Router,
    extract::{Path, RawQuery, State},
    http::{HeaderMap, StatusCode, header},
    middleware,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use runai::query::{ListQuery, MetricsQuery, QueryError, TelemetryQuery, WorkloadSelection};
use uuid::Uuid;

use super::error_answer::error;
use super::strict_query::{LIST_TYPED, METRICS_TYPED, TELEMETRY_TYPED, refuse_empty_values};
use super::{
    Simulator,
    auth::Claims,
    cluster::{Lookup, Scope},
    faults::{self, Faults},
    metrics, outage, telemetry, tokens,
};

fn bad_query(err: QueryError) -> Response {
    error(StatusCode::BAD_REQUEST, err.to_string())
}

/// The token of an `Authorization: Bearer …` header ("" when it is not one).
fn bearer(value: &axum::http::HeaderValue) -> &str {
    value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default()
        .trim()
}

/// The caller's verified token claims, or the 401 (no valid token) or 403 (no role on
/// workloads) to answer.
fn authenticate(sim: &Simulator, headers: &HeaderMap) -> Result<Claims, Response> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "missing bearer token: get one from /api/v1/token",
        ));
    };
    let claims = sim
        .tokens
        .verify(bearer(value), "access", sim.now_ms())
        .map_err(|err| error(StatusCode::UNAUTHORIZED, err.to_string()))?;
    if claims.noaccess {
        return Err(error(
            StatusCode::FORBIDDEN,
            format!("{} has no role that may view workloads", claims.sub),
        ));
    }
    Ok(claims)
}

fn wants_csv(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/csv"))
}

fn csv(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], body).into_response()
}

fn lookup_error(lookup: Lookup, id: Uuid) -> Response {
    match lookup {
        Lookup::NotFound => error(StatusCode::NOT_FOUND, format!("workload {id} not found")),
        Lookup::Forbidden => error(
            StatusCode::FORBIDDEN,
            format!("you may not see workload {id}"),
        ),
    }
}

fn workload_id(text: &str) -> Result<Uuid, Response> {
    Uuid::parse_str(text).map_err(|_| {
        error(
            StatusCode::BAD_REQUEST,
            format!("workloadId: “{text}” is not a UUID"),
        )
    })
}

type Sim = State<Arc<Simulator>>;

async fn list(State(sim): Sim, headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    let claims = match authenticate(&sim, &headers) {
        Ok(c) => c,
        Err(r) => return r,
    };
    if let Err(refused) = refuse_empty_values(query.as_deref(), LIST_TYPED, &["filterBy"]) {
        return refused;
    }
    match ListQuery::parse(query.as_deref().unwrap_or_default()) {
        Ok(query) => Json(sim.cluster.list(sim.now_ms(), &claims.scope(), &query)).into_response(),
        Err(err) => bad_query(err),
    }
}

async fn count(State(sim): Sim, headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    let claims = match authenticate(&sim, &headers) {
        Ok(c) => c,
        Err(r) => return r,
    };
    if let Err(refused) = refuse_empty_values(query.as_deref(), &["deleted"], &["filterBy"]) {
        return refused;
    }
    match WorkloadSelection::parse(query.as_deref().unwrap_or_default()) {
        Ok(selection) => {
            let count = sim.cluster.count(sim.now_ms(), &claims.scope(), &selection);
            Json(serde_json::json!({ "count": count })).into_response()
        }
        Err(err) => bad_query(err),
    }
}

async fn telemetry_handler(
    State(sim): Sim,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let claims = match authenticate(&sim, &headers) {
        Ok(c) => c,
        Err(r) => return r,
    };
    if let Err(refused) = refuse_empty_values(query.as_deref(), TELEMETRY_TYPED, &["groupBy"]) {
        return refused;
    }
    let query = match TelemetryQuery::parse(query.as_deref().unwrap_or_default()) {
        Ok(query) => query,
        Err(err) => return bad_query(err),
    };
    let scope = claims.scope();
    if let (Scope::Department(mine), Some(asked)) = (&scope, &query.department_id)
        && mine != asked
    {
        return error(
            StatusCode::FORBIDDEN,
            format!("you may not see department {asked}"),
        );
    }
    let response = telemetry::telemetry(&sim.cluster, sim.now_ms(), &scope, &query);
    if wants_csv(&headers) {
        csv(telemetry::to_csv(&response, &query))
    } else {
        Json(response).into_response()
    }
}

async fn get_workload(State(sim): Sim, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let claims = match authenticate(&sim, &headers) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let id = match workload_id(&id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    match sim.cluster.get(sim.now_ms(), &claims.scope(), id) {
        Ok(workload) => Json(workload).into_response(),
        Err(lookup) => lookup_error(lookup, id),
    }
}

async fn metrics_handler(
    State(sim): Sim,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let claims = match authenticate(&sim, &headers) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let id = match workload_id(&id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    if let Err(refused) = refuse_empty_values(query.as_deref(), METRICS_TYPED, &["metricType"]) {
        return refused;
    }
    let query = match MetricsQuery::parse(query.as_deref().unwrap_or_default()) {
        Ok(query) => query,
        Err(err) => return bad_query(err),
    };
    let result = sim
        .cluster
        .with_workload(sim.now_ms(), &claims.scope(), id, |w, _, org| {
            metrics::metrics(w, org, &query)
        });
    match result {
        Ok((response, _)) if wants_csv(&headers) => csv(metrics::to_csv(&response)),
        Ok((response, missing)) if missing.is_empty() => Json(response).into_response(),
        Ok((response, _)) => (StatusCode::MULTI_STATUS, Json(response)).into_response(),
        Err(lookup) => lookup_error(lookup, id),
    }
}

/// An admin for the fault controls; a revoked (but unexpired) admin token still works
/// here, so a drill can undo its own "expire every token".
fn admin(sim: &Simulator, headers: &HeaderMap) -> Result<(), Response> {
    let token = headers.get(header::AUTHORIZATION).map_or("", bearer);
    let claims = sim
        .tokens
        .verify_unrevoked_or_not(token, "access", sim.now_ms())
        .map_err(|err| error(StatusCode::UNAUTHORIZED, err.to_string()))?;
    if claims.noaccess {
        return Err(error(
            StatusCode::FORBIDDEN,
            "fault injection is for admin keys only",
        ));
    }
    match claims.scope() {
        Scope::All => Ok(()),
        Scope::Department(_) => Err(error(
            StatusCode::FORBIDDEN,
            "fault injection is for admin keys only",
        )),
    }
}

async fn get_faults(State(sim): Sim, headers: HeaderMap) -> Response {
    match admin(&sim, &headers) {
        Ok(()) => Json(sim.faults.get()).into_response(),
        Err(r) => r,
    }
}

async fn put_faults(State(sim): Sim, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    if let Err(r) = admin(&sim, &headers) {
        return r;
    }
    match serde_json::from_slice::<Faults>(&body) {
        Ok(faults) => {
            // The answer shows the faults as put in force: durations within their caps.
            let faults = faults.capped();
            tracing::warn!(?faults, "simulator faults changed");
            sim.faults.set(faults.clone());
            Json(faults).into_response()
        }
        Err(err) => error(StatusCode::BAD_REQUEST, format!("faults: {err}")),
    }
}

async fn expire_tokens(State(sim): Sim, headers: HeaderMap) -> Response {
    if let Err(r) = admin(&sim, &headers) {
        return r;
    }
    sim.tokens.revoke_all(sim.now_ms());
    StatusCode::NO_CONTENT.into_response()
}

/// Every route of the simulated control plane.
pub fn router(sim: Arc<Simulator>) -> Router {
    let api = Router::new()
        .route("/api/v1/workloads", get(list))
        .route("/api/v1/workloads/count", get(count))
        .route("/api/v1/workloads/telemetry", get(telemetry_handler))
        .route("/api/v1/workloads/{id}", get(get_workload))
        .route("/api/v1/workloads/{id}/metrics", get(metrics_handler))
        .route_layer(middleware::from_fn_with_state(sim.clone(), faults::inject));
    Router::new()
        .merge(api)
        .merge(
            Router::new()
                .route("/api/v1/token", post(tokens::v1))
                .route("/api/v2/token", post(tokens::v2))
                // Token requests are slowed like any call, but fail only through
                // `tokenEndpointDown`.
                .route_layer(middleware::from_fn_with_state(
                    sim.clone(),
                    faults::slow_down,
                )),
        )
        .route("/api/v1/sim/faults", get(get_faults).put(put_faults))
        .route("/api/v1/sim/faults/expire-tokens", post(expire_tokens))
        .fallback(|| async { error(StatusCode::NOT_FOUND, "no such endpoint") })
        .layer(middleware::from_fn_with_state(sim.clone(), outage::outage))
        .with_state(sim)
}
