//! Three `runboard` processes on one Redis, guessed at over HTTP.

use std::time::Duration;

use server::auth::limiter::PER_KEY_AT_ADDRESS;

use crate::common::{
    Sim, admin_known, browser,
    process::{Process, SESSION_KEY, dashboard, free_port, names_in_redis, redis_server},
    proxy::{calls_to, recording_proxy},
};

/// POSTs a secret for `id` to `/login` as a client at `address`; the status and whether
/// it says when to retry.
async fn sign_in_from(base: &str, address: &str, id: &str, secret: &str) -> (u16, bool) {
    let response = browser()
        .post(format!("{base}/login"))
        .header("x-forwarded-for", address)
        .form(&[("client_id", id), ("client_secret", secret)])
        .send()
        .await
        .unwrap();
    (
        response.status().as_u16(),
        response.headers().contains_key("retry-after"),
    )
}

/// Three dashboard processes sharing sessions and sign-in counts in the Redis at
/// `redis_url`, in front of `runai_url`, believing `X-Forwarded-For` from 127.0.0.1,
/// each Redis call bounded by `redis_call_ms`.
async fn dashboards(
    runai_url: &str,
    redis_url: &str,
    redis_call_ms: &str,
) -> Vec<(Process, String)> {
    let env = [
        ("RUNBOARD_REDIS_CALL_MS", redis_call_ms),
        ("RUNAI_URL", runai_url),
        ("RUNBOARD_SESSION_REDIS_URL", redis_url),
        ("RUNBOARD_SESSION_KEY", SESSION_KEY),
        ("RUNBOARD_TRUSTED_PROXIES", "127.0.0.1"),
        ("RUNBOARD_LOG", "info"),
    ];
    let mut replicas = Vec::new();
    for _ in 0..3 {
        replicas.push(dashboard(&env).await);
    }
    replicas
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_parallel_guesses_over_three_replicas_reach_run_ai_at_most_five_times() {
    // Every token request takes a second: all sixty guesses are in flight together.
    let mut settings = admin_known();
    settings.faults.latency_ms = 1_000;
    let sim = Sim::start_with(settings).await;
    let (proxy, calls) = recording_proxy(sim.url.clone()).await;
    let port = free_port().await;
    let _redis = redis_server(port).await;
    // What is measured is the shared count, not Redis's speed on a machine running the
    // whole suite at once (the fallback is tested below).
    let replicas = dashboards(&proxy, &format!("redis://127.0.0.1:{port}/0"), "5000").await;
    for (replica, _) in &replicas {
        assert!(
            replica
                .log()
                .contains("failed sign-ins are counted with the other replicas through Redis")
        );
    }

    let mut guesses = tokio::task::JoinSet::new();
    for n in 0..60 {
        let base = replicas[n % 3].1.clone();
        guesses.spawn(async move {
            sign_in_from(&base, "198.51.100.7", "alice", &format!("guess-{n}")).await
        });
    }
    let statuses = guesses.join_all().await;
    let token_calls = calls_to(&calls, "/api/v1/token");
    assert!(token_calls <= 5, "{token_calls} guesses reached Run:ai");
    let refused = statuses
        .iter()
        .filter(|(s, retry)| *s == 429 && *retry)
        .count();
    let wrong = statuses.iter().filter(|(s, _)| *s == 401).count();
    assert_eq!((wrong, refused), (5, 55), "{statuses:?}");

    for (_, base) in &replicas {
        // The guesser's address stays refused on every replica, even with the right
        // secret…
        assert_eq!(
            sign_in_from(base, "198.51.100.7", "alice", "alice").await.0,
            429
        );
        // …while alice, from her own address, signs in at once.
        assert_eq!(
            sign_in_from(base, "203.0.113.20", "alice", "alice").await.0,
            303
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_redis_each_replica_limits_its_own_guesses_and_shares_again_after() {
    let sim = Sim::start().await;
    let port = free_port().await;
    let redis = redis_server(port).await;
    let replicas = dashboards(&sim.url, &format!("redis://127.0.0.1:{port}/0"), "250").await;
    let (first, base) = &replicas[0];

    drop(redis);
    let mut statuses = Vec::new();
    for n in 0..=PER_KEY_AT_ADDRESS {
        statuses.push(
            sign_in_from(base, "198.51.100.8", "alice", &format!("g{n}"))
                .await
                .0,
        );
    }
    assert_eq!(
        statuses,
        [401, 401, 401, 401, 401, 429],
        "limited by this replica"
    );
    assert!(
        first.log().contains(
            "failed sign-ins are counted by this replica alone until Redis answers again"
        )
    );

    // Redis is back (empty): the next guesses are counted there, by every replica.
    let _redis = redis_server(port).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while !first
        .log()
        .contains("failed sign-ins are counted with the other replicas again")
    {
        let _ = sign_in_from(base, "198.51.100.9", "bob", "wrong").await;
        assert!(
            tokio::time::Instant::now() < deadline,
            "counted together again within 20 s"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(
        !names_in_redis(port, "runboard:sign-in-failures:*")
            .await
            .is_empty()
    );
}
