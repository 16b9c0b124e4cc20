//! Failed sign-ins, counted per client address and per key id: past the limit, further
//! attempts are refused until the oldest failure leaves the window. Per process: each
//! replica counts its own (documented in the README).

use std::{
    collections::{HashMap, VecDeque},
    sync::Mutex,
    time::Duration,
};

use tokio::time::Instant;

/// Failures allowed from one client address within [`WINDOW`].
pub const PER_ADDRESS: usize = 10;
/// Failures allowed for one key id or user name within [`WINDOW`].
pub const PER_KEY: usize = 5;
/// How long a failure counts.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Past this many tracked names, expired ones are dropped.
const PRUNE_AT: usize = 10_000;

/// What a failure is counted against.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Subject {
    Address(std::net::IpAddr),
    Key(String),
}

impl Subject {
    fn limit(&self) -> usize {
        match self {
            Subject::Address(_) => PER_ADDRESS,
            Subject::Key(_) => PER_KEY,
        }
    }
}

/// The failure counts.
#[derive(Debug, Default)]
pub struct SignInLimiter {
    failures: Mutex<HashMap<Subject, VecDeque<Instant>>>,
}

impl SignInLimiter {
    /// `Err(wait)` when any of `subjects` is over its limit.
    pub fn check(&self, subjects: &[Subject]) -> Result<(), Duration> {
        let now = Instant::now();
        let mut failures = self.lock();
        let mut wait = None;
        for subject in subjects {
            if let Some(times) = failures.get_mut(subject) {
                expire(times, now);
                if times.len() >= subject.limit() {
                    let until = times[0] + WINDOW - now;
                    wait = Some(wait.map_or(until, |w: Duration| w.max(until)));
                }
            }
        }
        wait.map_or(Ok(()), Err)
    }

    /// Counts a failure against every subject.
    pub fn failed(&self, subjects: &[Subject]) {
        let now = Instant::now();
        let mut failures = self.lock();
        if failures.len() > PRUNE_AT {
            failures.retain(|_, times| {
                expire(times, now);
                !times.is_empty()
            });
        }
        for subject in subjects {
            failures.entry(subject.clone()).or_default().push_back(now);
        }
    }

    /// Forgets a key's failures after it signs in (the address keeps its count).
    pub fn succeeded(&self, key: &Subject) {
        self.lock().remove(key);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Subject, VecDeque<Instant>>> {
        self.failures
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn expire(times: &mut VecDeque<Instant>, now: Instant) {
    while times
        .front()
        .is_some_and(|t| now.duration_since(*t) >= WINDOW)
    {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(last: u8) -> Subject {
        Subject::Address(std::net::IpAddr::from([10, 0, 0, last]))
    }

    #[tokio::test(start_paused = true)]
    async fn a_key_is_locked_after_its_limit_and_freed_by_time() {
        let limiter = SignInLimiter::default();
        let alice = Subject::Key("alice".to_owned());
        for attempt in 0..PER_KEY {
            // Each try from a different address: the key's own count trips.
            let subjects = [address(attempt as u8), alice.clone()];
            assert!(limiter.check(&subjects).is_ok(), "attempt {attempt}");
            limiter.failed(&subjects);
        }
        let wait = limiter.check(&[address(99), alice.clone()]).unwrap_err();
        assert!(wait <= WINDOW && wait > WINDOW - Duration::from_secs(1));
        assert!(
            limiter
                .check(&[address(99), Subject::Key("bob".into())])
                .is_ok()
        );
        tokio::time::advance(WINDOW).await;
        assert!(limiter.check(&[alice]).is_ok(), "failures expire");
    }

    #[tokio::test(start_paused = true)]
    async fn an_address_is_locked_whatever_keys_it_tries() {
        let limiter = SignInLimiter::default();
        for n in 0..PER_ADDRESS {
            limiter.failed(&[address(1), Subject::Key(format!("key{n}"))]);
        }
        assert!(
            limiter
                .check(&[address(1), Subject::Key("fresh".into())])
                .is_err()
        );
        assert!(limiter.check(&[address(2)]).is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn success_clears_the_key_not_the_address() {
        let limiter = SignInLimiter::default();
        let key = Subject::Key("alice".to_owned());
        for _ in 0..PER_KEY {
            limiter.failed(std::slice::from_ref(&key));
        }
        limiter.succeeded(&key);
        assert!(limiter.check(&[key]).is_ok());
    }
}
