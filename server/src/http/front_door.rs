//! What every request passes first: the `Host` check (closing DNS rebinding), the
//! client's address (forwarding headers believed only from trusted proxies), and the
//! refusal of a sign-in proxy's header that did not come from a trusted proxy.

use std::{
    net::{IpAddr, Ipv4Addr, SocketAddr},
    sync::Arc,
};

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderName, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{
    config::{AllowedHosts, Guard, Settings, TrustedProxies},
    peer::ClientAddr,
};

/// What the front door checks.
#[derive(Debug)]
pub struct FrontDoor {
    allowed_hosts: Option<AllowedHosts>,
    trusted_proxies: TrustedProxies,
    guard_header: Option<HeaderName>,
}

impl FrontDoor {
    /// The checks for `settings`, serving on `listening`.
    pub fn new(settings: &Settings, listening: SocketAddr) -> Self {
        Self {
            allowed_hosts: AllowedHosts::resolve(&settings.exposure.allowed_hosts, listening),
            trusted_proxies: settings.exposure.trusted_proxies.clone(),
            guard_header: match &settings.auth.guard {
                Some(Guard::TrustedHeader(name)) => Some(name.clone()),
                _ => None,
            },
        }
    }
}

/// Refuses a request for another host or with a proxy's header from an untrusted peer;
/// otherwise attaches its [`ClientAddr`].
pub async fn front_door(
    State(door): State<Arc<FrontDoor>>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    // Probes come from orchestrators that name the pod by address.
    let probe = matches!(path, "/healthz" | "/readyz");
    if let Some(hosts) = &door.allowed_hosts
        && !probe
    {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .or_else(|| request.uri().authority().map(|a| a.as_str()))
            .unwrap_or_default();
        if !hosts.allows(host) {
            tracing::info!(host = %crate::observe::loggable(host), "request for another host refused");
            return (
                StatusCode::MISDIRECTED_REQUEST,
                "this dashboard does not answer to that host name: open it by the name \
                 it is configured for (RUNBOARD_ALLOWED_HOSTS)",
            )
                .into_response();
        }
    }
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
    let client = ClientAddr::resolve(peer, request.headers(), &door.trusted_proxies);
    if let Some(name) = &door.guard_header
        && request.headers().contains_key(name)
        && !client.via_trusted_proxy
    {
        tracing::warn!(peer = %peer, "sign-in proxy header from an untrusted address refused");
        return (
            StatusCode::FORBIDDEN,
            "this request carries the sign-in proxy's header but did not come through \
             a trusted proxy: reach the dashboard through its sign-in proxy",
        )
            .into_response();
    }
    request.extensions_mut().insert(client);
    next.run(request).await
}
