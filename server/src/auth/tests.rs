//! The sign-in state: what a session keeps, how long it lives, which sealing key opens it.

use std::sync::Arc;

use app::upstream::{Upstream, UpstreamInfo};
use runai::client::ClientConfig;
use tower_sessions::MemoryStore;

use super::{record::SEEN, *};
use crate::config::{Secret, SettingsArgs};

fn auth(key: &str) -> Auth {
    let args = SettingsArgs {
        session: crate::config::SessionArgs {
            key: Some(Secret::new(key)),
            ..Default::default()
        },
        ..Default::default()
    };
    let settings = Settings::from_layers(args, SettingsArgs::default()).unwrap();
    let started = Started {
        upstream: Upstream {
            client: RunaiClient::new(ClientConfig::new("http://127.0.0.1:9")).unwrap(),
            info: UpstreamInfo {
                url: "http://127.0.0.1:9".to_owned(),
                demo: true,
            },
        },
        service_account: None,
        demo_keys: vec![],
    };
    Auth::new(
        &settings,
        &started,
        Arc::new(MemoryStore::default()),
        FailureLimits::default(),
    )
}

const KEY: &str = "a-session-key-of-at-least-32-characters";

async fn session_with(record: &SignedIn) -> Session {
    let session = Session::new(None, Arc::new(MemoryStore::default()), None);
    session.insert(SIGNED_IN, record).await.unwrap();
    session
}

fn alice() -> Credentials {
    Credentials::access_key("alice", Secret::new("alice-secret"))
}

#[tokio::test]
async fn a_live_session_gives_back_the_sealed_credentials() {
    let auth = auth(KEY);
    let record = auth.record("alice", Some(&alice()));
    assert!(
        !serde_json::to_string(&record)
            .unwrap()
            .contains("alice-secret")
    );
    let session = session_with(&record).await;
    let caller = auth
        .caller(&session, &HeaderMap::new(), false)
        .await
        .unwrap();
    assert_eq!(caller.unwrap().credentials, alice());
}

#[tokio::test]
async fn a_busy_session_is_renewed_at_most_once_a_minute() {
    let auth = auth(KEY);
    // A session loaded from the store is unmodified until something writes to it.
    let stored = Arc::new(MemoryStore::default());
    for (seen, renewed) in [
        (chrono::Utc::now().timestamp(), false),
        (chrono::Utc::now().timestamp() - KEEP_ALIVE_SECS, true),
    ] {
        let writer = Session::new(None, stored.clone(), None);
        writer
            .insert(SIGNED_IN, auth.record("alice", Some(&alice())))
            .await
            .unwrap();
        writer.insert(SEEN, seen).await.unwrap();
        writer.save().await.unwrap();
        let loaded = Session::new(writer.id(), stored.clone(), None);
        assert!(
            auth.caller(&loaded, &HeaderMap::new(), false)
                .await
                .unwrap()
                .is_some()
        );
        assert_eq!(loaded.is_modified(), renewed, "last renewed at {seen}");
    }
}

#[tokio::test]
async fn sessions_past_their_lifetime_from_another_mode_or_key_end() {
    let auth = auth(KEY);
    let mut old = auth.record("alice", Some(&alice()));
    old.since -= auth.max_age.as_secs() as i64 + 1;
    let mut other_mode = auth.record("alice", Some(&alice()));
    other_mode.mode = "user".to_owned();
    let other_key =
        self::auth("another-session-key-of-32-characters-or-more").record("alice", Some(&alice()));
    for record in [old, other_mode, other_key] {
        let session = session_with(&record).await;
        assert!(
            auth.caller(&session, &HeaderMap::new(), false)
                .await
                .unwrap()
                .is_none()
        );
        assert!(session.is_empty().await, "the ended session is flushed");
    }
}
