//! Failed sign-ins counted by replicas together through a real `redis-server`: the
//! limiter's rules hold when a guesser's attempts are spread over three replicas, and a
//! Redis that goes away leaves each replica limiting on its own until it is back.
//!
//! `redis-server` (Debian package) must be on PATH; `scripts/test.sh` installs it.

use std::{net::IpAddr, sync::Arc, time::Duration};

use runai::Secret;
use server::{
    auth::{
        FailureLimits,
        limiter::{PER_ADDRESS, PER_KEY_AT_ADDRESS, Subject, WINDOW},
    },
    redis::sign_in_failures::RedisFailures,
};
use tokio::process::Command;
use tower_sessions_redis_store::fred::prelude::{Builder, ClientLike, Config, ReconnectPolicy};

use crate::common::{
    Sim, admin_known, browser,
    process::{Process, SESSION_KEY, dashboard, free_port, redis_server},
    proxy::recording_proxy,
};

/// Three replicas' failure counts on one Redis (each with its own connections), and
/// that Redis; failures leave the count after `window`.
async fn three_replicas(window: Duration) -> (Process, u16, Vec<FailureLimits>) {
    let port = free_port().await;
    let redis = redis_server(port).await;
    let mut replicas = Vec::new();
    for _ in 0..3 {
        let pool =
            Builder::from_config(Config::from_url(&format!("redis://127.0.0.1:{port}/0")).unwrap())
                .set_policy(ReconnectPolicy::new_constant(0, 100))
                .build_pool(1)
                .unwrap();
        pool.init().await.unwrap();
        let counts = RedisFailures::with_window(
            pool,
            &Secret::new(SESSION_KEY),
            Duration::from_secs(5),
            window,
        );
        replicas.push(FailureLimits::shared(Arc::new(counts)));
    }
    (redis, port, replicas)
}

fn address(last: u8) -> IpAddr {
    IpAddr::from([192, 0, 2, last])
}

/// A failed attempt with a secret never tried before, on `replica`; its delay or
/// refusal.
async fn fail(replica: &FailureLimits, key: &str, ip: IpAddr) -> Result<Duration, Duration> {
    let ticket = replica
        .begin(Subject::of(Some(key), ip), fastrand::u64(..))
        .await?;
    let delay = ticket.delay;
    replica.failed(ticket).await;
    Ok(delay)
}

/// The names Redis on `port` holds under `pattern`.
async fn names_in_redis(port: u16, pattern: &str) -> Vec<String> {
    let out = Command::new("redis-cli")
        .args(["-p", &port.to_string(), "--scan", "--pattern", pattern])
        .output()
        .await
        .expect("redis-cli (from the redis-tools package)");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn failures_spread_over_replicas_slow_down_then_refuse_for_all_of_them() {
    let (_redis, port, replicas) = three_replicas(WINDOW).await;
    let mut delays = Vec::new();
    for n in 0..PER_KEY_AT_ADDRESS {
        delays.push(fail(&replicas[n % 3], "alice", address(1)).await.unwrap());
    }
    assert_eq!(
        delays,
        [0, 0, 500, 1000, 2000].map(Duration::from_millis).to_vec(),
        "the delay grows before any refusal, whichever replica is asked"
    );
    for replica in &replicas {
        let wait = fail(replica, "alice", address(1)).await.unwrap_err();
        assert!(wait <= WINDOW && wait > WINDOW - Duration::from_secs(60));
    }
    // Guesses from one address never lock the key out from another.
    let elsewhere = replicas[1]
        .begin(Subject::of(Some("alice"), address(7)), 1)
        .await
        .map(|t| t.delay);
    assert_eq!(elsewhere, Ok(Duration::ZERO));

    // Redis names the counts by keyed hashes: no key id or address in the clear.
    let names = names_in_redis(port, "*").await;
    assert!(!names.is_empty());
    for name in names {
        assert!(name.starts_with("runboard:sign-in-failures:"), "{name}");
        assert!(
            !name.contains("alice") && !name.contains("192.0.2"),
            "{name}"
        );
    }
}

#[tokio::test]
async fn an_address_is_refused_on_every_replica_whatever_keys_it_tries() {
    let (_redis, _port, replicas) = three_replicas(WINDOW).await;
    for n in 0..PER_ADDRESS {
        assert!(
            fail(&replicas[n % 3], &format!("key{n}"), address(1))
                .await
                .is_ok(),
            "{n}"
        );
    }
    for replica in &replicas {
        assert!(fail(replica, "fresh", address(1)).await.is_err());
    }
    assert!(fail(&replicas[0], "fresh", address(2)).await.is_ok());
}

#[tokio::test]
async fn a_success_on_one_replica_clears_the_keys_failures_on_all() {
    let (_redis, _port, replicas) = three_replicas(WINDOW).await;
    for n in 0..PER_KEY_AT_ADDRESS - 1 {
        let _ = fail(&replicas[n % 3], "alice", address(1)).await;
    }
    let ticket = replicas[2]
        .begin(Subject::of(Some("alice"), address(1)), 1)
        .await
        .unwrap();
    replicas[2].refund(ticket).await;
    assert_eq!(
        fail(&replicas[0], "alice", address(1)).await,
        Ok(Duration::ZERO)
    );
    // Successful sign-ins never use up the address's allowance.
    for n in 0..PER_ADDRESS * 3 {
        let replica = &replicas[n % 3];
        let ticket = replica
            .begin(Subject::of(Some("bob"), address(2)), 2)
            .await
            .unwrap();
        replica.refund(ticket).await;
    }
    assert!(fail(&replicas[1], "bob", address(2)).await.is_ok());
}

#[tokio::test]
async fn different_secrets_in_flight_on_three_replicas_count_as_guesses() {
    let (_redis, _port, replicas) = three_replicas(WINDOW).await;
    // Sixty at once, spread over the replicas: checking and counting are one step in
    // Redis, so only the limit's worth are let through while none has answered yet.
    let attempts = (0..60u64)
        .map(|n| replicas[n as usize % 3].begin(Subject::of(Some("alice"), address(1)), n));
    let passed = futures_util::future::join_all(attempts)
        .await
        .into_iter()
        .filter(Result::is_ok)
        .count();
    assert_eq!(passed, PER_KEY_AT_ADDRESS);
}

#[tokio::test]
async fn the_same_secret_in_flight_on_three_replicas_counts_once() {
    let (_redis, port, replicas) = three_replicas(WINDOW).await;
    // A team's script signing fifty sessions in with one key at once, through any
    // replica.
    let mut tickets = Vec::new();
    for n in 0..50 {
        let ticket = replicas[n % 3]
            .begin(Subject::of(Some("svc"), address(1)), 7)
            .await
            .unwrap();
        assert!(ticket.delay.is_zero());
        tickets.push((n % 3, ticket));
    }
    for (replica, ticket) in tickets {
        replicas[replica].refund(ticket).await;
    }
    assert!(
        names_in_redis(port, "*").await.is_empty(),
        "every success was taken back"
    );
    // Each ended failure counts on its own, the same secret or not.
    for n in 0..PER_KEY_AT_ADDRESS {
        let replica = &replicas[n % 3];
        let ticket = replica
            .begin(Subject::of(Some("svc"), address(1)), 8)
            .await
            .unwrap();
        replica.failed(ticket).await;
    }
    assert!(
        replicas[0]
            .begin(Subject::of(Some("svc"), address(1)), 8)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn failures_leave_the_shared_count_when_the_window_ends() {
    let window = Duration::from_secs(2);
    let (_redis, _port, replicas) = three_replicas(window).await;
    for n in 0..PER_KEY_AT_ADDRESS {
        fail(&replicas[n % 3], "alice", address(1)).await.unwrap();
    }
    let wait = fail(&replicas[0], "alice", address(1)).await.unwrap_err();
    assert!(wait <= Duration::from_secs(2), "{wait:?}");
    // The oldest failure leaves first; once the window has passed, all have.
    tokio::time::sleep(window + Duration::from_millis(100)).await;
    assert!(fail(&replicas[1], "alice", address(1)).await.is_ok());
}

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
    let token_calls = calls
        .lock()
        .unwrap()
        .iter()
        .filter(|call| call.path == "/api/v1/token")
        .count();
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
