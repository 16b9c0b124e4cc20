//! Alert rules on both databases: who sees which, who may change which, the bound, and
//! the condition read back as it was kept.

use ledger::{
    LedgerError,
    alert_rule::{Channel, Condition},
    store::{Actor, AlertRule, MAX_RULES_PER_OWNER, RuleChange, RuleTarget, Store},
};

use super::common::on_both_databases;

const ALICE: Actor = Actor {
    principal: "alice",
    admin: false,
};
const BOB: Actor = Actor {
    principal: "bob",
    admin: false,
};
const ADMIN: Actor = Actor {
    principal: "root",
    admin: true,
};

fn waits(minutes: u32) -> Condition {
    Condition::PendingLongerThan {
        filter: "phase==Pending,nodepool==h100-80gb".to_owned(),
        minutes,
    }
}

fn hook() -> RuleTarget {
    RuleTarget {
        channel: Channel::Slack,
        sealed: "c2VhbGVk".to_owned(),
        shown: "https://hooks.slack.com/…/9f2c".to_owned(),
    }
}

fn mail() -> RuleTarget {
    RuleTarget {
        channel: Channel::Email,
        sealed: "bWFpbA".to_owned(),
        shown: "team@example.com".to_owned(),
    }
}

fn names(rules: &[AlertRule]) -> Vec<&str> {
    rules.iter().map(|r| r.name.as_str()).collect()
}

async fn kept_seen_and_changed_as_views_are(store: Store) {
    let budget = Condition::ProjectOverBudget {
        project: "vision".to_owned(),
    };
    let mine = store
        .save_alert_rule("alice", "my waits", &waits(90), false, &hook(), 1)
        .await
        .unwrap();
    let team = store
        .save_alert_rule("alice", "Vision budget", &budget, true, &hook(), 2)
        .await
        .unwrap();
    // alice sees both, shared first; bob only the shared one; the condition reads back.
    let hers = store.alert_rules("alice").await.unwrap();
    assert_eq!(names(&hers), ["Vision budget", "my waits"]);
    assert_eq!(hers[1].condition, waits(90));
    assert_eq!(
        names(&store.alert_rules("bob").await.unwrap()),
        ["Vision budget"]
    );

    // bob may not change alice's shared rule, nor find her personal one; an admin may
    // change the shared one only.
    let update = RuleChange::Update {
        name: "Vision budget!",
        condition: &budget,
        shared: true,
        target: &hook(),
    };
    let refused = store.change_alert_rule(&team, BOB, update.clone(), 3).await;
    assert!(
        matches!(refused, Err(LedgerError::NotYourRule)),
        "{refused:?}"
    );
    let hidden = store
        .change_alert_rule(&mine, BOB, RuleChange::Delete, 3)
        .await;
    assert!(matches!(hidden, Err(LedgerError::NoSuchRule)), "{hidden:?}");
    let admin_personal = store
        .change_alert_rule(&mine, ADMIN, RuleChange::Delete, 3)
        .await;
    assert!(matches!(admin_personal, Err(LedgerError::NoSuchRule)));
    store
        .change_alert_rule(&team, ADMIN, update, 4)
        .await
        .unwrap();
    let later = RuleChange::Update {
        name: "my long waits",
        condition: &waits(240),
        shared: false,
        target: &mail(),
    };
    store
        .change_alert_rule(&mine, ALICE, later, 5)
        .await
        .unwrap();
    let hers = store.alert_rules("alice").await.unwrap();
    assert_eq!(names(&hers), ["Vision budget!", "my long waits"]);
    assert_eq!(
        (hers[1].condition.clone(), hers[1].updated_ms),
        (waits(240), 5)
    );
    assert_eq!(
        (hers[0].target.clone(), hers[1].target.clone()),
        (hook(), mail())
    );
    store
        .change_alert_rule(&mine, ALICE, RuleChange::Delete, 6)
        .await
        .unwrap();
    assert_eq!(
        names(&store.alert_rules("alice").await.unwrap()),
        ["Vision budget!"]
    );

    // One person keeps a bounded number.
    for i in 0..MAX_RULES_PER_OWNER {
        store
            .save_alert_rule("carol", &format!("r{i}"), &waits(10), false, &hook(), 7)
            .await
            .unwrap();
    }
    let over = store
        .save_alert_rule("carol", "one more", &waits(10), false, &hook(), 8)
        .await;
    assert!(
        matches!(over, Err(LedgerError::TooManyRules { .. })),
        "{over:?}"
    );
}

on_both_databases!(
    sqlite_keeps_alert_rules,
    postgres_keeps_alert_rules,
    kept_seen_and_changed_as_views_are
);
