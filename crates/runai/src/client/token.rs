//! Tokens: minted from credentials, cached until shortly before they expire, and
//! fetched in a single flight however many callers need one at once.

use std::{str::FromStr, sync::Arc, time::Duration};

use moka::future::Cache;

use serde::Deserialize;
use serde_json::json;
use tokio::time::Instant;

use super::{Credentials, credentials::CallerKey, decode, jwt, transport_error};
use crate::{ApiError, Secret};

/// Which of Run:ai's token APIs to call; `v1` or `v2` in settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenApi {
    /// `POST /api/v1/token`, JSON (`grantType`, `clientId`, …).
    #[default]
    V1,
    /// `POST /api/v2/token`, form-encoded OAuth2 (`grant_type`, `client_id`, …).
    V2,
}

/// A word that names no token API.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a token API: use v1 or v2")]
pub struct UnknownTokenApi(pub String);

impl FromStr for TokenApi {
    type Err = UnknownTokenApi;
    fn from_str(word: &str) -> Result<Self, UnknownTokenApi> {
        match word {
            "v1" => Ok(TokenApi::V1),
            "v2" => Ok(TokenApi::V2),
            other => Err(UnknownTokenApi(other.to_owned())),
        }
    }
}

impl std::fmt::Display for TokenApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TokenApi::V1 => "v1",
            TokenApi::V2 => "v2",
        })
    }
}

/// Used when a token says nothing about its lifetime.
const ASSUMED_LIFETIME: Duration = Duration::from_secs(300);

struct CachedToken {
    access: Secret,
    refresh_at: Instant,
}

type Slot = Arc<tokio::sync::Mutex<Option<CachedToken>>>;

/// Credentials whose tokens are kept at once; past it the least used go first.
const MAX_SLOTS: u64 = 10_000;
/// A slot unused this long is dropped (its token would be stale by then anyway).
const SLOT_IDLE: Duration = Duration::from_secs(30 * 60);

/// The token cache. One slot per credentials; a caller holds the slot's lock while
/// it fetches, so concurrent callers wait for that one request instead of sending
/// their own. Bounded in count, and idle slots expire.
pub(crate) struct TokenManager {
    http: reqwest::Client,
    base_url: String,
    api: TokenApi,
    margin: Duration,
    slots: Cache<CallerKey, Slot>,
}

/// `/api/v1/token`'s answer.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct V1Token {
    access_token: String,
    expires_in: Option<i64>,
}

/// `/api/v2/token`'s answer.
#[derive(Deserialize)]
struct V2Token {
    access_token: String,
    expires_in: Option<i64>,
}

/// `/api/v2/token`'s error body (RFC 6749).
#[derive(Deserialize)]
struct OAuthError {
    error: String,
    error_description: Option<String>,
}

impl TokenManager {
    pub(crate) fn new(
        http: reqwest::Client,
        base_url: String,
        api: TokenApi,
        margin: Duration,
    ) -> Self {
        Self {
            http,
            base_url,
            api,
            margin,
            slots: Cache::builder()
                .max_capacity(MAX_SLOTS)
                .time_to_idle(SLOT_IDLE)
                .build(),
        }
    }

    /// A valid token for `credentials`, from the cache or freshly minted.
    pub(crate) async fn token(&self, credentials: &Credentials) -> Result<Secret, ApiError> {
        if let Credentials::Token(token) = credentials {
            return Ok(token.clone());
        }
        let slot = self.slot(credentials).await;
        let mut cached = slot.lock().await;
        if let Some(token) = cached.as_ref().filter(|t| Instant::now() < t.refresh_at) {
            metrics::counter!("runboard_token_cache_total", "result" => "hit").increment(1);
            return Ok(token.access.clone());
        }
        metrics::counter!("runboard_token_cache_total", "result" => "miss").increment(1);
        let fresh = self.mint(credentials).await?;
        let access = fresh.access.clone();
        *cached = Some(fresh);
        Ok(access)
    }

    /// Forgets `used` if it is still the cached token (another caller may already
    /// have replaced it).
    pub(crate) async fn invalidate(&self, credentials: &Credentials, used: &Secret) {
        let slot = self.slot(credentials).await;
        let mut cached = slot.lock().await;
        if cached.as_ref().is_some_and(|t| &t.access == used) {
            *cached = None;
        }
    }

    async fn slot(&self, credentials: &Credentials) -> Slot {
        self.slots
            .get_with(credentials.cache_key(), async { Slot::default() })
            .await
    }

    /// How many credentials have a slot (for the bound's test).
    #[cfg(test)]
    async fn slot_count(&self) -> u64 {
        self.slots.run_pending_tasks().await;
        self.slots.entry_count()
    }

    async fn mint(&self, credentials: &Credentials) -> Result<CachedToken, ApiError> {
        let (path, request) = match self.api {
            TokenApi::V1 => {
                let body = match credentials {
                    Credentials::AccessKey {
                        client_id,
                        client_secret,
                    } => json!({
                        "grantType": "client_credentials",
                        "clientId": client_id,
                        "clientSecret": client_secret.expose(),
                    }),
                    Credentials::Password { username, password } => json!({
                        "grantType": "password",
                        "username": username,
                        "password": password.expose(),
                    }),
                    Credentials::Token(_) => unreachable!("bare tokens are never minted"),
                };
                let url = format!("{}/api/v1/token", self.base_url);
                ("/api/v1/token", self.http.post(url).json(&body))
            }
            TokenApi::V2 => {
                let form: Vec<(&str, &str)> = match credentials {
                    Credentials::AccessKey {
                        client_id,
                        client_secret,
                    } => vec![
                        ("grant_type", "client_credentials"),
                        ("client_id", client_id),
                        ("client_secret", client_secret.expose()),
                    ],
                    Credentials::Password { username, password } => vec![
                        ("grant_type", "password"),
                        ("username", username),
                        ("password", password.expose()),
                    ],
                    Credentials::Token(_) => unreachable!("bare tokens are never minted"),
                };
                let url = format!("{}/api/v2/token", self.base_url);
                ("/api/v2/token", self.http.post(url).form(&form))
            }
        };

        let started = Instant::now();
        let response = request.send().await.map_err(transport_error);
        let latency_ms = started.elapsed().as_millis() as u64;
        let response = match response {
            Ok(response) => response,
            Err(err) => {
                tracing::warn!(target: "runboard::upstream", method = "POST", path, error = %err, latency_ms, "Run:ai token request failed");
                metrics::counter!("runboard_token_requests_total", "outcome" => "unreachable")
                    .increment(1);
                return Err(err);
            }
        };
        let status = response.status();
        tracing::info!(target: "runboard::upstream", method = "POST", path, status = status.as_u16(), latency_ms, principal = %crate::loggable(credentials.principal()), "Run:ai token request");
        let outcome = if status.is_success() {
            "issued"
        } else {
            "refused"
        };
        metrics::counter!("runboard_token_requests_total", "outcome" => outcome).increment(1);
        let body = response.bytes().await.map_err(transport_error)?;
        if !status.is_success() {
            return Err(token_error(status, &body));
        }

        let (access, expires_in) = match self.api {
            TokenApi::V1 => {
                let token: V1Token = decode("token response", &body)?;
                (token.access_token, token.expires_in)
            }
            TokenApi::V2 => {
                let token: V2Token = decode("token response", &body)?;
                (token.access_token, token.expires_in)
            }
        };
        let lifetime = lifetime(&access, expires_in);
        // Refresh `margin` before expiry, but never later than half-way through a
        // short-lived token's life.
        let refresh_after = lifetime.saturating_sub(self.margin).max(lifetime / 2);
        Ok(CachedToken {
            access: Secret::new(access),
            refresh_at: Instant::now() + refresh_after,
        })
    }
}

/// How long a token lives: its JWT `exp`, else the response's `expiresIn`.
fn lifetime(token: &str, expires_in: Option<i64>) -> Duration {
    let from_exp = jwt::expiry(token).map(|exp| exp - chrono::Utc::now().timestamp());
    match from_exp.or(expires_in) {
        Some(seconds) => Duration::from_secs(seconds.max(0) as u64),
        None => ASSUMED_LIFETIME,
    }
}

/// A failed token request: wrong credentials are told apart from no access.
fn token_error(status: reqwest::StatusCode, body: &[u8]) -> ApiError {
    if let Ok(oauth) = serde_json::from_slice::<OAuthError>(body) {
        let message = oauth
            .error_description
            .unwrap_or_else(|| oauth.error.clone());
        return match oauth.error.as_str() {
            "invalid_client" | "invalid_grant" | "unauthorized_client" => {
                ApiError::Unauthorized(message)
            }
            "access_denied" => ApiError::Forbidden(message),
            _ if status.is_client_error() => ApiError::BadRequest(message),
            _ => ApiError::Upstream {
                status: status.as_u16(),
                message: format!("its token service failed: {message}"),
            },
        };
    }
    match super::error_for(status, body) {
        ApiError::Upstream { status, message } => ApiError::Upstream {
            status,
            message: format!("its token service failed: {message}"),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetime_prefers_the_jwt_exp() {
        use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
        let exp = chrono::Utc::now().timestamp() + 1000;
        let token = format!(
            "e30.{}.sig",
            URL_SAFE_NO_PAD.encode(format!(r#"{{"exp":{exp}}}"#))
        );
        let seconds = lifetime(&token, Some(10)).as_secs();
        assert!((998..=1000).contains(&seconds), "{seconds}");
        assert_eq!(lifetime("opaque", Some(10)), Duration::from_secs(10));
        assert_eq!(lifetime("opaque", None), ASSUMED_LIFETIME);
    }

    #[test]
    fn oauth_errors_tell_wrong_keys_from_no_access() {
        let status = reqwest::StatusCode::BAD_REQUEST;
        let wrong = token_error(
            status,
            br#"{"error":"invalid_client","error_description":"bad secret"}"#,
        );
        assert_eq!(wrong, ApiError::Unauthorized("bad secret".into()));
        let denied = token_error(
            reqwest::StatusCode::FORBIDDEN,
            br#"{"error":"access_denied"}"#,
        );
        assert_eq!(denied, ApiError::Forbidden("access_denied".into()));
        let v1 = token_error(
            reqwest::StatusCode::UNAUTHORIZED,
            br#"{"code":401,"message":"wrong key"}"#,
        );
        assert_eq!(v1, ApiError::Unauthorized("wrong key".into()));
    }

    #[tokio::test]
    async fn the_token_cache_is_bounded() {
        let manager = TokenManager::new(
            reqwest::Client::new(),
            "http://127.0.0.1:9".to_owned(),
            TokenApi::V1,
            Duration::from_secs(60),
        );
        for n in 0..(MAX_SLOTS + 2_000) {
            let credentials = Credentials::access_key(format!("key{n}"), Secret::new("s"));
            drop(manager.slot(&credentials).await);
        }
        assert!(manager.slot_count().await <= MAX_SLOTS);
    }

    #[test]
    fn token_api_words() {
        assert_eq!("v2".parse::<TokenApi>(), Ok(TokenApi::V2));
        assert!("v3".parse::<TokenApi>().is_err());
    }
}
