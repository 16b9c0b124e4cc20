//! Alert episodes and messages on both databases: an episode opens once while its
//! condition holds and again only after it cleared; a message marks its episodes told
//! in the same transaction; a message is claimed by one sender at a time, tried again
//! or given up; an owner's scope reads back; a deleted rule forgets its episodes.

use ledger::{
    alert_rule::{Channel, Condition},
    store::{
        Actor, AlertMessage, DeliveryState, EpisodeChanges, Finding, RuleChange, RuleTarget, Store,
    },
};

use super::common::on_both_databases;

fn finding(subject: &str) -> Finding {
    Finding {
        subject: subject.to_owned(),
        title: format!("train-{subject}"),
        project: "vision".to_owned(),
        detail: "waiting 2 h".to_owned(),
        link: format!("/workloads/{subject}"),
    }
}

fn changes(opened: usize, cleared: usize) -> EpisodeChanges {
    EpisodeChanges { opened, cleared }
}

async fn episodes_open_once_and_messages_go_once(store: Store) {
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
                ..RuleTarget::default()
            },
            1,
        )
        .await
        .unwrap();
    let (a, b) = (finding("a"), finding("b"));
    // a holds, then a and b, then only b: a's episode opens once and clears.
    let filed = store
        .file_findings(&rule, std::slice::from_ref(&a), 10)
        .await
        .unwrap();
    assert_eq!(filed, changes(1, 0));
    let filed = store
        .file_findings(&rule, &[a.clone(), b.clone()], 20)
        .await
        .unwrap();
    assert_eq!(filed, changes(1, 0));
    let open = store.open_episodes(&rule).await.unwrap();
    assert_eq!(open.len(), 2);
    assert_eq!((open[0].opened_ms, open[0].notified_ms), (10, 0));

    let message = AlertMessage {
        rule_id: rule.clone(),
        rule_name: "waits".to_owned(),
        watching: "all workloads that fail".to_owned(),
        findings: vec![a.clone(), b.clone()],
        more: 0,
    };
    assert_eq!(message.summary(), "waits: 2 findings (train-a, train-b)");
    let sent = store
        .queue_message(&message, &["a".to_owned(), "b".to_owned()], 25)
        .await
        .unwrap();
    assert!(
        store
            .open_episodes(&rule)
            .await
            .unwrap()
            .iter()
            .all(|e| e.notified_ms == 25)
    );
    assert_eq!(store.last_queued_ms(&rule).await.unwrap(), Some(25));

    let filed = store
        .file_findings(&rule, std::slice::from_ref(&b), 30)
        .await
        .unwrap();
    assert_eq!(filed, changes(0, 1));
    // a holds again: a new episode, not yet told.
    let filed = store
        .file_findings(&rule, &[a.clone(), b.clone()], 40)
        .await
        .unwrap();
    assert_eq!(filed, changes(1, 0));
    let open = store.open_episodes(&rule).await.unwrap();
    let again = open.iter().find(|e| e.finding.subject == "a").unwrap();
    assert_eq!((again.opened_ms, again.notified_ms), (40, 0));
    assert_eq!(store.last_firing_ms(&rule).await.unwrap(), Some(40));

    // Claimed by one sender only; a failure is due again later, then given up.
    let due = store.due_deliveries(50, 10).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].message, message);
    assert!(store.claim_delivery(&sent, 50, 170).await.unwrap());
    assert!(!store.claim_delivery(&sent, 60, 180).await.unwrap());
    store
        .delivery_failed(&sent, "the webhook answered 503", Some(200))
        .await
        .unwrap();
    assert!(store.due_deliveries(199, 10).await.unwrap().is_empty());
    assert!(store.claim_delivery(&sent, 200, 320).await.unwrap());
    store
        .delivery_failed(&sent, "the webhook answered 503", None)
        .await
        .unwrap();
    let kept = store.rule_deliveries(&rule, 5).await.unwrap();
    assert_eq!(
        (kept[0].state, kept[0].attempts, kept[0].last_error.as_str()),
        (DeliveryState::Failed, 2, "the webhook answered 503")
    );
    assert!(store.due_deliveries(10_000, 10).await.unwrap().is_empty());

    // Who the owner could see reads back.
    assert_eq!(store.owner_scope("alice").await.unwrap(), None);
    let projects = vec!["p1".to_owned(), "p2".to_owned()];
    store
        .record_owner_scope("alice", &projects, 70)
        .await
        .unwrap();
    store
        .record_owner_scope("alice", &projects[..1], 80)
        .await
        .unwrap();
    let scope = store.owner_scope("alice").await.unwrap().unwrap();
    assert_eq!(
        (scope.projects, scope.signed_in_ms),
        (vec!["p1".to_owned()], 80)
    );

    // A deleted rule takes its episodes and messages with it.
    let alice = Actor {
        principal: "alice",
        admin: false,
    };
    store
        .change_alert_rule(&rule, alice, RuleChange::Delete, 90)
        .await
        .unwrap();
    assert!(store.open_episodes(&rule).await.unwrap().is_empty());
    assert!(store.rule_deliveries(&rule, 5).await.unwrap().is_empty());
}

on_both_databases!(
    sqlite_keeps_alert_episodes,
    postgres_keeps_alert_episodes,
    episodes_open_once_and_messages_go_once
);
