//! Replicas sharing Run:ai answers through a real `redis-server`: a crowd spread over
//! three replicas never asks for the same list twice within one answer's life (one call
//! per refresh when the replicas keep up), and a Redis that goes away costs
//! nothing but the sharing (each reads for itself) until it is back.
//!
//! `redis-server` (Debian package) must be on PATH; `scripts/test.sh` installs it.

use std::{sync::Arc, time::Duration};

use runai::{
    Secret,
    client::{ClientConfig, Credentials, RunaiClient, SharedStore},
    query::ListQuery,
};
use tower_sessions_redis_store::fred::prelude::{Builder, ClientLike, Config, ReconnectPolicy};

use crate::common::{
    Sim, browser,
    crowd::{next_tick, refresh_on_the_ticks},
    process::{
        ADMIN_SECRET, SESSION_KEY, dashboard, free_port, names_in_redis, redis_server, sign_in,
        simulator,
    },
    proxy::{calls_to, list_call_gaps, recording_proxy},
};

const VIEWERS: usize = 150;
const REFRESHES: u64 = 3;

/// How many shared answers Redis on `port` holds now.
async fn shared_answers_in_redis(port: u16) -> usize {
    names_in_redis(port, "runboard:answer:*").await.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_replicas_on_one_redis_make_one_list_call_per_refresh() {
    let port = free_port().await;
    let _redis = redis_server(port).await;
    let redis_url = format!("redis://127.0.0.1:{port}/0");
    let (_sim, sim_url) = simulator().await;
    let (proxy, calls) = recording_proxy(sim_url).await;
    let env = [
        ("RUNAI_URL", proxy.as_str()),
        ("RUNBOARD_SESSION_REDIS_URL", redis_url.as_str()),
        ("RUNBOARD_SESSION_KEY", SESSION_KEY),
        ("RUNBOARD_LOG", "info"),
        // What is measured is the sharing, not Redis's speed on a machine running the
        // whole suite at once (the fallback when Redis is slow is tested below).
        ("RUNBOARD_REDIS_CALL_MS", "5000"),
        // 150 people signing in with one key from one address: a team's service account.
        ("RUNBOARD_SESSION_MAX_PER_PERSON", "1000"),
        ("RUNBOARD_SIGN_INS_PER_PERSON_PER_HOUR", "1000"),
        ("RUNBOARD_SIGN_INS_PER_ADDRESS_PER_HOUR", "1000"),
    ];
    let mut replicas = Vec::new();
    for _ in 0..3 {
        replicas.push(dashboard(&env).await);
    }
    let mut viewers = Vec::new();
    for n in 0..VIEWERS {
        let http = browser();
        let url = replicas[n % 3].1.clone();
        sign_in(&http, &url, "runboard-admin", ADMIN_SECRET).await;
        viewers.push((http, url));
    }

    let first = next_tick();
    calls.lock().unwrap().clear();
    refresh_on_the_ticks(viewers, "sortBy=name&limit=50", first, REFRESHES).await;
    let lists = calls_to(&calls, "/api/v1/workloads");
    println!("{VIEWERS} viewers on 3 replicas × {REFRESHES} refreshes → {lists} list calls");
    let slow: usize = replicas
        .iter()
        .map(|(replica, _)| replica.log().matches("does not answer").count())
        .sum();
    // An answer lives as long as the read cache keeps it (4 s): whichever replica a
    // viewer reaches within that time is answered from it. A machine busy with the
    // whole suite may answer part of a refresh's crowd later than that, which then
    // costs one more call, never one per replica.
    let gaps = list_call_gaps(&calls);
    let life = ClientConfig::new("").cache_ttl - Duration::from_millis(100);
    assert!(
        gaps.iter().all(|gap| *gap >= life),
        "{lists} list calls for {REFRESHES} refreshes, {gaps:?} apart ({slow} replicas found \
         Redis slow or away)"
    );
    assert!(lists as u64 >= REFRESHES);
    assert!(shared_answers_in_redis(port).await > 0);
    for (replica, _) in &replicas {
        assert!(
            replica
                .log()
                .contains("shared with the other replicas through Redis")
        );
    }
}

#[tokio::test]
async fn without_redis_each_replica_reads_for_itself_and_shares_again_when_it_returns() {
    let port = free_port().await;
    let redis_process = redis_server(port).await;
    let sim = Sim::start_at_real_time().await;
    let pool =
        Builder::from_config(Config::from_url(&format!("redis://127.0.0.1:{port}/0")).unwrap())
            .set_policy(ReconnectPolicy::new_constant(0, 100))
            .build_pool(1)
            .unwrap();
    pool.init().await.unwrap();
    let answers = server::redis::answers::RedisAnswers::new(
        pool,
        &Secret::new(SESSION_KEY),
        Duration::from_millis(250),
    );
    let mut config = ClientConfig::new(&sim.url);
    config.shared = Some(SharedStore(Arc::new(answers)));
    config.cache_ttl = Duration::from_millis(500);
    let client = RunaiClient::new(config).unwrap();
    let admin = Credentials::access_key("runboard-admin", Secret::new("runboard-admin"));
    let read = |limit: u32| {
        let query = ListQuery::parse(&format!("limit={limit}")).unwrap();
        let (client, admin) = (client.clone(), admin.clone());
        async move { client.list_workloads(&admin, &query).await }
    };

    read(5).await.expect("a read through Redis");
    assert_eq!(shared_answers_in_redis(port).await, 1);

    // Redis goes away: reads go on, each asked upstream by this replica.
    drop(redis_process);
    tokio::time::sleep(Duration::from_millis(300)).await;
    for limit in 6..9 {
        read(limit).await.expect("a read while Redis is down");
    }

    // Redis is back (empty): what is read is shared again.
    let _redis = redis_server(port).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        read(10).await.expect("a read after Redis returned");
        // Shared for the cache's lifetime (500 ms): looked for at once.
        if shared_answers_in_redis(port).await > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
        assert!(
            tokio::time::Instant::now() < deadline,
            "shared again within 20 s"
        );
    }
}
