//! The collector's look at running workloads' GPU states against the simulator: what it
//! costs in calls for 2,000 running workloads, that every state appears, and that one
//! workload's metrics that cannot be read leave the rest of the look whole; the store
//! keeps and forgets states alike on SQLite and PostgreSQL.

use ledger::{
    gpu_state::GpuState,
    store::{CheckedState, Store},
};
use runai_sim::testing::{Sim, admin_known};

use super::{
    common::{Proxy, postgres, sqlite},
    simulated::collector,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_look_at_2000_running_workloads_costs_one_call_each_and_a_list() {
    let sim = Sim::start_now_with(runai_sim::SimSettings {
        workloads: 80_000,
        ..admin_known()
    })
    .await;
    let proxy = Proxy::start(sim.url.clone()).await;
    let (store, _dir) = sqlite().await;
    let mut collector = collector(&sim, &proxy.url, store.clone());
    let looked = collector.check_gpu_states().await.unwrap();

    let calls = proxy.calls();
    let lists = calls.iter().filter(|c| !c.contains("/metrics")).count();
    let metrics = calls.iter().filter(|c| c.contains("/metrics")).count();
    eprintln!("{looked} running workloads with GPUs: {lists} list calls, {metrics} metrics calls");
    assert!(looked >= 2_000, "a cluster of 2,000 running: {looked}");
    assert_eq!(metrics, looked, "one recent window per running workload");
    assert!(
        lists <= looked.div_ceil(500) + 2,
        "{lists} list calls for {looked} workloads (500 a page, with the token)"
    );
    assert_eq!(
        collector.calls(),
        calls.len() as u64,
        "every call within the budget"
    );

    // Every state a person should hear of is there.
    let of = |state: &'static str| {
        let store = store.clone();
        async move { store.gpu_states_in(state, None, 10_000).await.unwrap() }
    };
    let (busy, stalled, never) = (
        of("busy").await,
        of("stalled").await,
        of("never-used").await,
    );
    eprintln!(
        "busy {}, stalled {}, never used {}",
        busy.len(),
        stalled.len(),
        never.len()
    );
    assert!(busy.len() > looked / 3, "most work");
    assert!(!never.is_empty(), "some never used their GPUs");
    assert!(
        stalled
            .iter()
            .any(|s| matches!(s.state, GpuState::Stalled { gpus, of, .. } if gpus < of)),
        "a partial stall"
    );
    assert!(
        stalled
            .iter()
            .any(|s| matches!(s.state, GpuState::Stalled { gpus, of, .. } if gpus == of)),
        "a whole stall"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workload_whose_metrics_cannot_be_read_leaves_the_rest_of_the_look_whole() {
    let sim = Sim::start_now_with(admin_known()).await;
    let proxy = Proxy::start(sim.url.clone()).await;
    let (store, _dir) = sqlite().await;
    let mut collector = collector(&sim, &proxy.url, store.clone());
    let all = collector.check_gpu_states().await.unwrap();
    assert!(all > 10, "{all} running workloads with GPUs");
    let busy = store.gpu_states_in("busy", None, 10_000).await.unwrap();
    let (gone, refused) = (busy[0].workload_id.clone(), busy[1].workload_id.clone());

    // One is gone since the list (404), one's metrics are refused (403).
    proxy.refuse(&format!("{gone}/metrics"), 404);
    proxy.refuse(&format!("{refused}/metrics"), 403);
    let looked = collector.check_gpu_states().await.unwrap();
    assert_eq!(looked, all - 1, "all but the one gone are looked at");
    let both = [gone.clone(), refused.clone()];
    let found = store.gpu_states_of(&both).await.unwrap();
    assert!(!found.contains_key(&gone), "nothing said of the one gone");
    assert_eq!(found[&refused].state, GpuState::Unknown);
    assert_eq!(
        store
            .gpu_states_in("busy", None, 10_000)
            .await
            .unwrap()
            .len(),
        busy.len() - 2,
        "the others keep their state"
    );

    // Run:ai itself failing stops the look, and the last one stays.
    let checked = store.gpu_states_checked_ms().await.unwrap();
    proxy.heal();
    proxy.refuse(&format!("{refused}/metrics"), 503);
    sim.clock.advance(60_000);
    assert!(collector.check_gpu_states().await.is_err());
    assert_eq!(store.gpu_states_checked_ms().await.unwrap(), checked);
    let kept = store.gpu_states_of(&both).await.unwrap();
    assert_eq!(kept[&refused].state, GpuState::Unknown);
}

async fn keeps_and_forgets(store: Store) {
    assert_eq!(
        store.gpu_states_checked_ms().await.unwrap(),
        None,
        "never looked"
    );
    let state = |id: &str, state: GpuState, at: i64| CheckedState {
        workload_id: id.to_owned(),
        project_id: "7".to_owned(),
        state,
        gpus_held: 8.0,
        checked_ms: at,
    };
    let stalled = GpuState::Stalled {
        since_ms: 1_000,
        gpus: 7,
        of: 8,
    };
    store
        .replace_gpu_states(&[state("a", GpuState::Busy, 10), state("b", stalled, 10)])
        .await
        .unwrap();
    let ids = ["a".to_owned(), "b".to_owned(), "c".to_owned()];
    let found = store.gpu_states_of(&ids).await.unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(found["b"].state, stalled);
    let seven = ["7".to_owned()];
    assert_eq!(
        store
            .gpu_states_in("stalled", Some(&seven), 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        store
            .gpu_states_in("stalled", Some(&[]), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .gpu_states_in("stalled", Some(&["8".to_owned()]), 10)
            .await
            .unwrap()
            .is_empty()
    );
    // The next look saw a stalled, and b no longer running: b is forgotten.
    store
        .replace_gpu_states(&[state("a", stalled, 20)])
        .await
        .unwrap();
    assert_eq!(store.gpu_states_checked_ms().await.unwrap(), Some(20));
    let left = store.gpu_states_of(&ids).await.unwrap();
    assert_eq!(left.keys().collect::<Vec<_>>(), ["a"]);
    assert_eq!(left["a"].state, stalled);
    assert_eq!(
        store.gpu_states_in("stalled", None, 1).await.unwrap().len(),
        1
    );
}

#[tokio::test]
async fn sqlite_keeps_and_forgets_gpu_states() {
    let (store, _dir) = sqlite().await;
    keeps_and_forgets(store).await;
}

#[tokio::test]
async fn postgres_keeps_and_forgets_gpu_states() {
    keeps_and_forgets(postgres().await).await;
}
