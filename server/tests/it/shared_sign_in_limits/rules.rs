//! The limiter's rules, checked against three replicas' counts on one Redis.

use std::{net::IpAddr, sync::Arc, time::Duration};

use runai::Secret;
use server::{
    auth::{
        FailureLimits,
        limiter::{PER_ADDRESS, PER_KEY_AT_ADDRESS, Subject, WINDOW},
    },
    redis::sign_in_failures::RedisFailures,
};
use tower_sessions_redis_store::fred::prelude::{Builder, ClientLike, Config, ReconnectPolicy};

use crate::common::process::{Process, SESSION_KEY, free_port, names_in_redis, redis_server};

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
