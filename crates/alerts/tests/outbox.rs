//! The outbox against a real store (SQLite in a temporary directory) and a webhook
//! receiver on loopback: a message is sent once, signed; a receiver that fails is tried
//! again after the backoff and not before, then succeeds; one that refuses is given up
//! at once; a destination sealed under another key, or no longer allowed, is explained.

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicU16, Ordering},
};

use alerts::{
    outbox::{Outbox, Pass, RETRY_AFTER_MS},
    seal::{Purpose, Sealer},
    send::{SIGNATURE_HEADER, Sender, SenderSettings, signature},
    target::{Destination, PrivateHosts},
};
use ledger::{
    alert_rule::{Channel, Condition},
    store::{AlertMessage, DeliveryState, Finding, RuleTarget, Store},
};
use runai::Secret;

type Got = Arc<Mutex<Vec<(String, String)>>>;

/// A receiver answering `status` (changeable) and keeping (signature, body) of each post.
async fn receiver(status: Arc<AtomicU16>) -> (String, Got) {
    let got: Got = Arc::default();
    let kept = got.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
            let kept = kept.clone();
            let status = status.clone();
            async move {
                let signed = headers
                    .get(SIGNATURE_HEADER)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                kept.lock().unwrap().push((signed, body));
                axum::http::StatusCode::from_u16(status.load(Ordering::SeqCst)).unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/hook"), got)
}

struct Setup {
    store: Store,
    outbox: Outbox,
    rule: String,
    _dir: tempfile::TempDir,
}

const KEY: &str = "the-signing-key";

async fn setup(url: &str, sealed_with: &Sealer) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(dir.path()).await.unwrap();
    let private = PrivateHosts::new(vec!["127.0.0.1".to_owned()]);
    let destination = Destination::parse(Channel::Webhook, url, &private).unwrap();
    let rule = store
        .save_alert_rule(
            "alice",
            "waits",
            &Condition::Fails {
                filter: String::new(),
            },
            false,
            &RuleTarget {
                channel: Channel::Webhook,
                sealed: sealed_with.seal(destination.expose().as_bytes()),
                shown: destination.shown(),
            },
            0,
        )
        .await
        .unwrap();
    let sender = Sender::new(SenderSettings {
        public_url: "https://runboard.example".to_owned(),
        private_hosts: private,
        signing_key: Some(Secret::new(KEY)),
        smtp: None,
    });
    let key = Secret::new("the-session-key-of-this-dashboard!!");
    let outbox = Outbox::new(
        store.clone(),
        Sealer::new(Some(&key), Purpose::AlertTargets),
        sender,
    );
    Setup {
        store,
        outbox,
        rule,
        _dir: dir,
    }
}

fn sealer() -> Sealer {
    Sealer::new(
        Some(&Secret::new("the-session-key-of-this-dashboard!!")),
        Purpose::AlertTargets,
    )
}

async fn queue(setup: &Setup, at_ms: i64) {
    let message = AlertMessage {
        rule_id: setup.rule.clone(),
        rule_name: "waits".to_owned(),
        watching: "all workloads that fail".to_owned(),
        findings: vec![Finding {
            subject: "w1".to_owned(),
            title: "train".to_owned(),
            project: "vision".to_owned(),
            detail: "failed".to_owned(),
            link: "/workloads/w1".to_owned(),
        }],
        more: 0,
    };
    setup
        .store
        .queue_message(&message, &[], at_ms)
        .await
        .unwrap();
}

fn pass(sent: usize, failed: usize) -> Pass {
    Pass { sent, failed }
}

#[tokio::test]
async fn a_failing_receiver_is_tried_again_after_the_backoff_then_the_message_goes_once() {
    let status = Arc::new(AtomicU16::new(503));
    let (url, got) = receiver(status.clone()).await;
    let setup = setup(&url, &sealer()).await;
    let t0 = 1_800_000_000_000;
    queue(&setup, t0).await;

    assert_eq!(setup.outbox.send_due(t0).await.unwrap(), pass(0, 1));
    let kept = setup.store.rule_deliveries(&setup.rule, 1).await.unwrap();
    assert_eq!(
        (kept[0].state, kept[0].next_ms, kept[0].last_error.as_str()),
        (
            DeliveryState::Pending,
            t0 + RETRY_AFTER_MS[0],
            "the webhook answered 503"
        )
    );
    // Not before its time.
    let early = t0 + RETRY_AFTER_MS[0] - 1;
    assert_eq!(setup.outbox.send_due(early).await.unwrap(), pass(0, 0));
    status.store(200, Ordering::SeqCst);
    let due = t0 + RETRY_AFTER_MS[0];
    assert_eq!(setup.outbox.send_due(due).await.unwrap(), pass(1, 0));
    assert_eq!(
        setup.outbox.send_due(due + 3_600_000).await.unwrap(),
        pass(0, 0)
    );
    let kept = setup.store.rule_deliveries(&setup.rule, 1).await.unwrap();
    assert_eq!((kept[0].state, kept[0].attempts), (DeliveryState::Sent, 2));

    // Two tries reached the receiver; the second is signed over its time and body, and
    // links back to the dashboard.
    let got = got.lock().unwrap().clone();
    assert_eq!(got.len(), 2);
    let (signed, body) = &got[1];
    let at = signed
        .strip_prefix("t=")
        .and_then(|rest| rest.split(',').next())
        .unwrap()
        .parse::<i64>()
        .unwrap();
    assert_eq!(at, due / 1000);
    assert_eq!(signed, &signature(&Secret::new(KEY), at, body));
    let json: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        json["findings"][0]["link"],
        "https://runboard.example/workloads/w1"
    );
    assert!(
        !body.contains(KEY) && !body.contains(&url),
        "no secret in the message"
    );
}

#[tokio::test]
async fn a_refusal_is_given_up_at_once_and_a_bad_destination_is_explained() {
    let status = Arc::new(AtomicU16::new(404));
    let (url, got) = receiver(status).await;
    let setup = setup(&url, &sealer()).await;
    queue(&setup, 10).await;
    assert_eq!(setup.outbox.send_due(10).await.unwrap(), pass(0, 1));
    let kept = setup.store.rule_deliveries(&setup.rule, 1).await.unwrap();
    assert_eq!(
        (kept[0].state, kept[0].last_error.as_str()),
        (DeliveryState::Failed, "the webhook answered 404")
    );
    assert_eq!(got.lock().unwrap().len(), 1);

    // Sealed under another key: nothing is sent, and the rule's owner is told why.
    let other = Sealer::new(Some(&Secret::new("another-key")), Purpose::AlertTargets);
    let setup = self::setup(&url, &other).await;
    queue(&setup, 10).await;
    assert_eq!(setup.outbox.send_due(10).await.unwrap(), pass(0, 1));
    let kept = setup.store.rule_deliveries(&setup.rule, 1).await.unwrap();
    assert!(kept[0].last_error.contains("sealed under another key"));
    assert_eq!(kept[0].state, DeliveryState::Failed);
}
