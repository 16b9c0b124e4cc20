//! Server-side sessions: the browser holds one opaque, HttpOnly cookie; everything
//! else (tokens, identity) stays in the store.

use tower_sessions::{
    Expiry, MemoryStore, SessionManagerLayer, cookie::SameSite, cookie::time::Duration,
};

use crate::config::Settings;

/// The session cookie's fixed name.
pub const COOKIE_NAME: &str = "runboard_session";

/// The session layer. Sessions idle for 8 hours expire.
pub fn layer(settings: &Settings) -> SessionManagerLayer<MemoryStore> {
    SessionManagerLayer::new(MemoryStore::default())
        .with_name(COOKIE_NAME)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(settings.secure_cookies)
        .with_expiry(Expiry::OnInactivity(Duration::hours(8)))
}
