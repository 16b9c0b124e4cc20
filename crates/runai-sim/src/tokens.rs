//! `POST /api/v1/token` (JSON grants) and `POST /api/v2/token` (OAuth2 form grants).

use std::sync::Arc;

use axum::{
    Json,
    body::Bytes,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::json;

use super::{Simulator, auth::Identity, error_answer::error};

/// A request for a token, whichever API it came through.
enum Grant {
    Key { id: String, secret: String },
    Password { user: String, password: String },
    Refresh { token: String },
}

/// Why a grant is refused: the caller's request, or its credentials.
enum Refusal {
    BadRequest(String),
    BadCredentials(String),
    Unavailable,
}

fn issue(sim: &Simulator, grant: Grant) -> Result<(String, String, i64), Refusal> {
    if sim.faults.get().token_endpoint_down {
        return Err(Refusal::Unavailable);
    }
    let now = sim.now_ms();
    let identity: Identity = match grant {
        Grant::Key { id, secret } => {
            sim.identities
                .by_key(&id, &secret)
                .cloned()
                .ok_or_else(|| {
                    Refusal::BadCredentials(format!("unknown client id or wrong secret for “{id}”"))
                })?
        }
        Grant::Password { user, password } => sim
            .identities
            .by_password(&user, &password)
            .cloned()
            .ok_or_else(|| Refusal::BadCredentials("wrong user name or password".to_owned()))?,
        Grant::Refresh { token } => {
            let claims = sim
                .tokens
                .verify(&token, "refresh", now)
                .map_err(|err| Refusal::BadCredentials(format!("refresh token refused: {err}")))?;
            Identity {
                principal: claims.sub.clone(),
                scope: claims.scope(),
                no_access: claims.noaccess,
                description: String::new(),
            }
        }
    };
    Ok((
        sim.tokens.issue(&identity, "access", now),
        sim.tokens.issue(&identity, "refresh", now),
        sim.tokens.lifetime_s,
    ))
}

/// The v1 JSON body, with every spelling Run:ai's clients use.
#[derive(Deserialize)]
struct V1Request {
    #[serde(rename = "grantType")]
    grant_type: Option<String>,
    #[serde(rename = "clientId", alias = "clientID")]
    client_id: Option<String>,
    #[serde(rename = "clientSecret")]
    client_secret: Option<String>,
    #[serde(rename = "AppId")]
    app_id: Option<String>,
    #[serde(rename = "AppSecret")]
    app_secret: Option<String>,
    username: Option<String>,
    password: Option<String>,
    #[serde(rename = "refreshToken")]
    refresh_token: Option<String>,
}

fn require(value: Option<String>, name: &str) -> Result<String, Refusal> {
    value
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Refusal::BadRequest(format!("{name} is required")))
}

/// `POST /api/v1/token`.
pub async fn v1(State(sim): State<Arc<Simulator>>, body: Bytes) -> Response {
    let grant = serde_json::from_slice::<V1Request>(&body)
        .map_err(|err| Refusal::BadRequest(format!("the body is not a token request: {err}")))
        .and_then(|r| match r.grant_type.as_deref() {
            Some("client_credentials") => Ok(Grant::Key {
                id: require(r.client_id, "clientId")?,
                secret: require(r.client_secret, "clientSecret")?,
            }),
            Some("app_token") => Ok(Grant::Key {
                id: require(r.app_id, "AppId")?,
                secret: require(r.app_secret, "AppSecret")?,
            }),
            Some("password") => Ok(Grant::Password {
                user: require(r.username, "username")?,
                password: require(r.password, "password")?,
            }),
            Some("refresh_token") => Ok(Grant::Refresh {
                token: require(r.refresh_token, "refreshToken")?,
            }),
            Some(other) => Err(Refusal::BadRequest(format!(
                "grantType “{other}” is not supported"
            ))),
            None => Err(Refusal::BadRequest("grantType is required".to_owned())),
        });
    match grant.and_then(|g| issue(&sim, g)) {
        Ok((access, refresh, expires_in)) => {
            Json(json!({"accessToken": access, "refreshToken": refresh, "idToken": access, "expiresIn": expires_in})).into_response()
        }
        Err(Refusal::BadRequest(message)) => error(StatusCode::BAD_REQUEST, message),
        Err(Refusal::BadCredentials(message)) => error(StatusCode::UNAUTHORIZED, message),
        Err(Refusal::Unavailable) => error(StatusCode::SERVICE_UNAVAILABLE, "the token service is down (injected fault)"),
    }
}

/// The v2 form body.
#[derive(Deserialize)]
struct V2Request {
    grant_type: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    username: Option<String>,
    password: Option<String>,
    refresh_token: Option<String>,
}

fn oauth_error(status: StatusCode, code: &str, description: String) -> Response {
    (
        status,
        Json(json!({"error": code, "error_description": description})),
    )
        .into_response()
}

/// `POST /api/v2/token`.
pub async fn v2(State(sim): State<Arc<Simulator>>, body: Bytes) -> Response {
    let request: V2Request = match serde_urlencoded_from(&body) {
        Ok(r) => r,
        Err(NotAForm) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "the body must be a form (application/x-www-form-urlencoded)".to_owned(),
            );
        }
    };
    let grant = match request.grant_type.as_deref() {
        Some("client_credentials") => require(request.client_id, "client_id").and_then(|id| {
            Ok(Grant::Key {
                id,
                secret: require(request.client_secret, "client_secret")?,
            })
        }),
        Some("password") => require(request.username, "username").and_then(|user| {
            Ok(Grant::Password {
                user,
                password: require(request.password, "password")?,
            })
        }),
        Some("refresh_token") => {
            require(request.refresh_token, "refresh_token").map(|token| Grant::Refresh { token })
        }
        Some(other) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                format!("grant_type “{other}” is not supported"),
            );
        }
        None => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "grant_type is required".to_owned(),
            );
        }
    };
    match grant.and_then(|g| issue(&sim, g)) {
        Ok((access, refresh, expires_in)) => Json(json!({
            "access_token": access, "token_type": "Bearer", "expires_in": expires_in, "refresh_token": refresh
        }))
        .into_response(),
        Err(Refusal::BadRequest(message)) => oauth_error(StatusCode::BAD_REQUEST, "invalid_request", message),
        Err(Refusal::BadCredentials(message)) => oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", message),
        Err(Refusal::Unavailable) => oauth_error(StatusCode::SERVICE_UNAVAILABLE, "temporarily_unavailable", "the token service is down (injected fault)".to_owned()),
    }
}

/// A token request body that is not a form.
struct NotAForm;

fn serde_urlencoded_from(body: &[u8]) -> Result<V2Request, NotAForm> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    let get = |name: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    if pairs.is_empty() {
        return Err(NotAForm);
    }
    Ok(V2Request {
        grant_type: get("grant_type"),
        client_id: get("client_id"),
        client_secret: get("client_secret"),
        username: get("username"),
        password: get("password"),
        refresh_token: get("refresh_token"),
    })
}
