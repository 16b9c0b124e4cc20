//! Saved views on both databases: who sees which, who may change which, the bound.

use ledger::{
    LedgerError,
    store::{Actor, MAX_VIEWS_PER_OWNER, Store, ViewChange},
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

fn names(views: &[ledger::store::SavedView]) -> Vec<&str> {
    views.iter().map(|v| v.name.as_str()).collect()
}

async fn shared_first_personal_only_to_the_owner(store: Store) {
    store
        .save_view("alice", "mine", "/workloads?sort=name", false, 1)
        .await
        .unwrap();
    store
        .save_view(
            "alice",
            "Team pending",
            "/workloads?filter=phase%3D%3DPending",
            true,
            2,
        )
        .await
        .unwrap();
    store
        .save_view("bob", "bob's", "/ledger", false, 3)
        .await
        .unwrap();
    let alice = store.saved_views("alice").await.unwrap();
    assert_eq!(names(&alice), ["Team pending", "mine"]);
    assert!(alice[0].shared && !alice[1].shared);
    assert_eq!(alice[1].link, "/workloads?sort=name");
    let bob = store.saved_views("bob").await.unwrap();
    assert_eq!(names(&bob), ["Team pending", "bob's"]);
}
on_both_databases!(
    views_are_listed_shared_first_and_personal_only_to_their_owner_on_sqlite,
    views_are_listed_shared_first_and_personal_only_to_their_owner_on_postgres,
    shared_first_personal_only_to_the_owner
);

async fn only_the_owner_or_an_admin_changes_a_view(store: Store) {
    let shared = store
        .save_view("alice", "Team", "/queue", true, 1)
        .await
        .unwrap();
    let personal = store
        .save_view("alice", "Mine", "/overview", false, 1)
        .await
        .unwrap();
    // Bob sees the shared view but may not change it; alice's personal one does not
    // exist for him, nor for an admin.
    let refused = store
        .change_view(&shared, BOB, ViewChange::Rename("Bob's now"), 2)
        .await;
    assert!(
        matches!(refused, Err(LedgerError::NotYourView)),
        "{refused:?}"
    );
    for actor in [BOB, ADMIN] {
        let hidden = store
            .change_view(&personal, actor, ViewChange::Delete, 2)
            .await;
        assert!(matches!(hidden, Err(LedgerError::NoSuchView)), "{hidden:?}");
    }
    // The owner renames and points it elsewhere; an admin may rename a shared one.
    store
        .change_view(&shared, ALICE, ViewChange::Relink("/queue?pool=a100"), 3)
        .await
        .unwrap();
    store
        .change_view(&shared, ADMIN, ViewChange::Rename("A100 queue"), 4)
        .await
        .unwrap();
    let seen = store.saved_views("bob").await.unwrap();
    assert_eq!(names(&seen), ["A100 queue"]);
    assert_eq!(seen[0].link, "/queue?pool=a100");
    assert_eq!(seen[0].owner, "alice", "an admin's change keeps the owner");
    // Deleted, it is gone for everyone, and gone twice is not found.
    store
        .change_view(&shared, ALICE, ViewChange::Delete, 5)
        .await
        .unwrap();
    assert!(names(&store.saved_views("bob").await.unwrap()).is_empty());
    let again = store
        .change_view(&shared, ALICE, ViewChange::Delete, 6)
        .await;
    assert!(matches!(again, Err(LedgerError::NoSuchView)), "{again:?}");
}
on_both_databases!(
    only_the_owner_or_an_admin_changes_a_view_on_sqlite,
    only_the_owner_or_an_admin_changes_a_view_on_postgres,
    only_the_owner_or_an_admin_changes_a_view
);

async fn one_person_keeps_a_bounded_number(store: Store) {
    for n in 0..MAX_VIEWS_PER_OWNER {
        store
            .save_view("alice", &format!("v{n}"), "/workloads", n % 2 == 0, n)
            .await
            .unwrap();
    }
    let over = store
        .save_view("alice", "one more", "/workloads", false, 99)
        .await;
    assert!(
        matches!(over, Err(LedgerError::TooManyViews { most }) if most == MAX_VIEWS_PER_OWNER),
        "{over:?}"
    );
    // Others are not held back by alice's views.
    store
        .save_view("bob", "his", "/workloads", false, 99)
        .await
        .unwrap();
}
on_both_databases!(
    one_person_keeps_a_bounded_number_of_views_on_sqlite,
    one_person_keeps_a_bounded_number_of_views_on_postgres,
    one_person_keeps_a_bounded_number
);
