//! The evaluator's telling against a real store (SQLite in a temporary directory), on a
//! clock the test moves: a rule speaks once per cooldown, what fires meanwhile goes in
//! one message (the first twenty named, the rest counted), and an episode is told once.

use ledger::{
    alert_rule::{Channel, Condition},
    store::{AlertRule, Finding, MAX_FINDINGS_PER_MESSAGE, RuleTarget, Store},
};

use super::tell;

const MINUTE: i64 = 60_000;
const COOLDOWN: i64 = 10 * MINUTE;

fn finding(n: usize) -> Finding {
    Finding {
        subject: format!("w{n}"),
        title: format!("train-{n}"),
        project: "vision".to_owned(),
        detail: "waiting for 2 h 00 min".to_owned(),
        link: format!("/workloads/w{n}"),
    }
}

async fn rule(store: &Store) -> AlertRule {
    let condition = Condition::PendingLongerThan {
        filter: String::new(),
        minutes: 60,
    };
    let target = RuleTarget {
        channel: Channel::Slack,
        ..RuleTarget::default()
    };
    let id = store
        .save_alert_rule("alice", "Waits", &condition, false, &target, 0)
        .await
        .unwrap();
    store.alert_rule(&id).await.unwrap().unwrap()
}

#[tokio::test]
async fn a_rule_speaks_once_per_cooldown_and_gathers_what_fired_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(dir.path()).await.unwrap();
    let rule = rule(&store).await;
    let t0 = 1_800_000_000_000;

    // One finding: one message at once.
    store
        .file_findings(&rule.id, &[finding(0)], t0)
        .await
        .unwrap();
    assert!(tell(&store, &rule, COOLDOWN, t0).await.unwrap());
    // Nothing new: nothing said, however often asked.
    assert!(!tell(&store, &rule, COOLDOWN, t0 + COOLDOWN).await.unwrap());

    // Twenty-five more fire within the cooldown: nothing is said until it is over.
    let many: Vec<Finding> = (0..26).map(finding).collect();
    let later = t0 + COOLDOWN + MINUTE;
    store.file_findings(&rule.id, &many, later).await.unwrap();
    assert!(
        tell(&store, &rule, COOLDOWN, later).await.unwrap(),
        "cooldown over"
    );
    let more: Vec<Finding> = (0..30).map(finding).collect();
    store
        .file_findings(&rule.id, &more, later + MINUTE)
        .await
        .unwrap();
    assert!(
        !tell(&store, &rule, COOLDOWN, later + MINUTE).await.unwrap(),
        "within the cooldown"
    );
    assert!(
        !tell(&store, &rule, COOLDOWN, later + COOLDOWN - 1)
            .await
            .unwrap(),
        "still within it"
    );
    assert!(
        tell(&store, &rule, COOLDOWN, later + COOLDOWN)
            .await
            .unwrap()
    );

    let sent = store.rule_deliveries(&rule.id, 10).await.unwrap();
    assert_eq!(sent.len(), 3);
    // The newest first: the four that fired during the cooldown, in one message.
    assert_eq!(sent[0].message.findings.len(), 4);
    assert_eq!(sent[0].message.more, 0);
    // Twenty-five at once: twenty named, five counted.
    assert_eq!(sent[1].message.findings.len(), MAX_FINDINGS_PER_MESSAGE);
    assert_eq!(sent[1].message.more, 25 - MAX_FINDINGS_PER_MESSAGE);
    assert!(
        sent[1].summary.starts_with("Waits: 25 findings"),
        "{}",
        sent[1].summary
    );
    assert_eq!(sent[2].message.findings, vec![finding(0)]);
    // Every finding was told once across the three.
    let told: usize = sent
        .iter()
        .map(|d| d.message.findings.len() + d.message.more)
        .sum();
    assert_eq!(told, 30);
}
