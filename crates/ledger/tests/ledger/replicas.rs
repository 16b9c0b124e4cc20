//! Replicas sharing a ledger: two on one PostgreSQL ledger collect once, and a stopped
//! one lets go of its lease so another takes over at once.

use std::time::Duration;

use ledger::{collector::Round, store::Store};

use super::{
    common::{postgres_url, sqlite},
    simulated::{cluster, collector},
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_on_one_postgres_ledger_collect_once() {
    let (sim, proxy) = cluster().await;
    let url = postgres_url().await;
    let (one, two) = (
        Store::open(&url).await.unwrap(),
        Store::open(&url).await.unwrap(),
    );
    let mut a = collector(&sim, &proxy.url, one.clone());
    let mut b = collector(&sim, &proxy.url, two.clone());
    let (ra, rb) = tokio::join!(a.collect_once(), b.collect_once());
    let mut rounds = [ra.unwrap(), rb.unwrap()];
    rounds.sort_by_key(|r| matches!(r, Round::NotLeader));
    assert!(matches!(rounds[0], Round::Completed { .. }), "{rounds:?}");
    assert_eq!(rounds[1], Round::NotLeader, "{rounds:?}");
    assert_eq!(
        a.calls() + b.calls(),
        proxy.calls().len() as u64,
        "only the leader asked Run:ai"
    );
    let (leader, follower) = if a.calls() > 0 {
        (&a, &mut b)
    } else {
        (&b, &mut a)
    };
    assert_eq!(follower.calls(), 0);
    // The leader steps down; the other takes over and finds the ledger complete.
    leader.release().await.unwrap();
    assert_eq!(follower.collect_once().await.unwrap(), Round::UpToDate);
    assert_eq!(
        one.row_count().await.unwrap(),
        two.row_count().await.unwrap()
    );
}

/// A replica that stops lets go of its lease, so another takes over at once instead of
/// waiting for the lease to run out.
#[tokio::test]
async fn a_stopped_collector_lets_go_of_its_lease() {
    use runai_sim::Clock as _;
    let (sim, proxy) = cluster().await;
    let (store, _dir) = sqlite().await;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(collector(&sim, &proxy.url, store.clone()).run_until(async {
        let _ = stopped.await;
    }));
    // The first round done, the collector holds the lease while it waits for the next hour.
    while store
        .state()
        .await
        .unwrap()
        .is_none_or(|s| s.collected_to_ms <= s.backfill_from_ms)
    {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let now = sim.clock.now_ms();
    assert!(
        !store.take_lease("another", now, now + 1_000).await.unwrap(),
        "held while running"
    );
    stop.send(()).unwrap();
    running.await.unwrap();
    assert!(
        store.take_lease("another", now, now + 1_000).await.unwrap(),
        "let go on stopping"
    );
}
