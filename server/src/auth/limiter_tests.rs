//! The sign-in limiter's rules, on a paused clock.

use super::*;

fn address(last: u8) -> IpAddr {
    IpAddr::from([192, 0, 2, last])
}

/// A failed attempt with a secret never tried before; its delay or refusal.
fn fail(limiter: &SignInLimiter, key: &str, ip: IpAddr) -> Result<Duration, Duration> {
    let ticket = limiter.begin(Subject::of(Some(key), ip), fastrand::u64(..))?;
    let delay = ticket.delay;
    limiter.failed(ticket);
    Ok(delay)
}

#[tokio::test(start_paused = true)]
async fn failures_slow_down_then_refuse_and_time_frees_them() {
    let limiter = SignInLimiter::default();
    let delays: Vec<Duration> = (0..PER_KEY_AT_ADDRESS)
        .map(|_| fail(&limiter, "alice", address(1)).unwrap())
        .collect();
    assert_eq!(
        delays,
        [0, 0, 500, 1000, 2000].map(Duration::from_millis).to_vec(),
        "the delay grows before any refusal"
    );
    let wait = fail(&limiter, "alice", address(1)).unwrap_err();
    assert!(wait <= WINDOW && wait > WINDOW - Duration::from_secs(1));
    tokio::time::advance(WINDOW).await;
    assert_eq!(fail(&limiter, "alice", address(1)), Ok(Duration::ZERO));
}

#[tokio::test(start_paused = true)]
async fn guesses_from_one_address_never_lock_the_key_out_elsewhere() {
    let limiter = SignInLimiter::default();
    for _ in 0..PER_KEY_AT_ADDRESS {
        let _ = fail(&limiter, "alice", address(66));
    }
    assert!(fail(&limiter, "alice", address(66)).is_err());
    let elsewhere = limiter.begin(Subject::of(Some("alice"), address(7)), 1);
    assert_eq!(elsewhere.map(|t| t.delay), Ok(Duration::ZERO));
}

#[tokio::test(start_paused = true)]
async fn an_address_is_refused_whatever_keys_it_tries() {
    let limiter = SignInLimiter::default();
    for n in 0..PER_ADDRESS {
        assert!(
            fail(&limiter, &format!("key{n}"), address(1)).is_ok(),
            "{n}"
        );
    }
    assert!(fail(&limiter, "fresh", address(1)).is_err());
    assert!(fail(&limiter, "fresh", address(2)).is_ok());
}

#[tokio::test(start_paused = true)]
async fn a_success_is_refunded_and_clears_the_key_at_that_address() {
    let limiter = SignInLimiter::default();
    for _ in 0..PER_KEY_AT_ADDRESS - 1 {
        let _ = fail(&limiter, "alice", address(1));
    }
    let ticket = limiter
        .begin(Subject::of(Some("alice"), address(1)), 1)
        .unwrap();
    limiter.refund(ticket);
    assert_eq!(fail(&limiter, "alice", address(1)), Ok(Duration::ZERO));
    // Successful sign-ins never use up the address's allowance.
    for _ in 0..PER_ADDRESS * 3 {
        let ticket = limiter
            .begin(Subject::of(Some("bob"), address(2)), 2)
            .unwrap();
        limiter.refund(ticket);
    }
    assert!(fail(&limiter, "bob", address(2)).is_ok());
}

#[tokio::test(start_paused = true)]
async fn different_secrets_in_flight_count_as_guesses() {
    let limiter = SignInLimiter::default();
    // Sixty at once: the check and the count are one step, so only the limit's
    // worth are let through while none has answered yet.
    let passed: Vec<Ticket> = (0..60)
        .filter_map(|n| {
            limiter
                .begin(Subject::of(Some("alice"), address(1)), n)
                .ok()
        })
        .collect();
    assert_eq!(passed.len(), PER_KEY_AT_ADDRESS);
}

#[tokio::test(start_paused = true)]
async fn the_same_secret_in_flight_counts_once() {
    let limiter = SignInLimiter::default();
    // A team's script signing fifty sessions in with one key at once.
    let tickets: Vec<Ticket> = (0..50)
        .map(|_| {
            limiter
                .begin(Subject::of(Some("svc"), address(1)), 7)
                .unwrap()
        })
        .collect();
    assert!(tickets.iter().all(|t| t.delay.is_zero()));
    for ticket in tickets {
        limiter.refund(ticket);
    }
    assert_eq!(limiter.tracked(), 0, "every success was taken back");
    // Each ended failure counts on its own, the same secret or not.
    for _ in 0..PER_KEY_AT_ADDRESS {
        let ticket = limiter
            .begin(Subject::of(Some("svc"), address(1)), 8)
            .unwrap();
        limiter.failed(ticket);
    }
    assert!(
        limiter
            .begin(Subject::of(Some("svc"), address(1)), 8)
            .is_err()
    );
}

#[test]
fn ipv6_addresses_count_by_their_64_prefix() {
    let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
    let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
    assert_eq!(network(a), network(b));
    assert_ne!(network(a), network("2001:db8:1:3::1".parse().unwrap()));
    assert_eq!(
        network("::ffff:192.0.2.1".parse().unwrap()),
        address(1),
        "IPv4-mapped addresses count as IPv4"
    );
}

#[tokio::test(start_paused = true)]
async fn the_tracked_subjects_are_bounded() {
    let limiter = SignInLimiter::default();
    for n in 0..(MAX_TRACKED as u32 + 5_000) {
        let ip = IpAddr::from(n.to_be_bytes());
        let _ = limiter.begin(Subject::of(None, ip), 0);
    }
    assert!(
        limiter.tracked() <= MAX_TRACKED + 1,
        "{}",
        limiter.tracked()
    );
}
