//! Successful sign-ins per person and per client address: each a bucket that holds an
//! hour's allowance and refills evenly over the hour. Before Run:ai is asked, a sign-in
//! must find both buckets with one left (so a flood of valid sign-ins cannot hammer
//! Run:ai either) and takes the address's; only once it has succeeded does it take the
//! person's, so wrong guesses from elsewhere never use up someone's allowance (failures
//! have their own limits). A sign-in that does not succeed gives its address share
//! back, however it ends (its [`Share`] does so when dropped).
//!
//! A full bucket is the same as none, so only partly used ones are kept, and at most
//! [`MAX_TRACKED`] of them. Per process (failures, unlike these, are counted by replicas
//! together when they share Redis).

use std::{collections::HashMap, net::IpAddr, sync::Mutex, time::Duration};

use tokio::time::Instant;

use crate::config::SignInLimits;

/// The most buckets kept; past it, the fullest go first.
const MAX_TRACKED: usize = 50_000;
/// The period over which a bucket refills.
const HOUR: Duration = Duration::from_secs(3600);

/// What a sign-in is counted against.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Counted {
    /// A person (a key id or user name, by kind).
    Person(String),
    /// A client address (IPv6 by its /64).
    Address(IpAddr),
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    /// Sign-ins left, fractional while refilling.
    left: f64,
    at: Instant,
}

/// The buckets.
#[derive(Debug)]
pub struct SignInRate {
    per_person: f64,
    per_address: f64,
    buckets: Mutex<HashMap<Counted, Bucket>>,
}

/// A sign-in under way: its address's share, given back when dropped unless
/// [`Share::succeeded`] says it signed in.
#[derive(Debug)]
#[must_use = "a share not marked as succeeded is given back"]
pub struct Share<'a> {
    rate: &'a SignInRate,
    address: Counted,
    person: Option<Counted>,
    kept: bool,
}

impl Share<'_> {
    /// The sign-in succeeded: the address's share stays taken and the person's is taken.
    pub fn succeeded(mut self) {
        self.kept = true;
        if let Some(person) = self.person.take() {
            self.rate.spend(&person);
        }
    }
}

impl Drop for Share<'_> {
    fn drop(&mut self) {
        if !self.kept {
            self.rate.give_back(&self.address);
        }
    }
}

impl SignInRate {
    /// Buckets of the configured sizes.
    pub fn new(limits: &SignInLimits) -> Self {
        Self {
            per_person: f64::from(limits.sign_ins_per_person_per_hour),
            per_address: f64::from(limits.sign_ins_per_address_per_hour),
            buckets: Mutex::default(),
        }
    }

    fn size(&self, counted: &Counted) -> f64 {
        match counted {
            Counted::Person(_) => self.per_person,
            Counted::Address(_) => self.per_address,
        }
    }

    /// Starts a sign-in by `person` (if counted) from `address`: takes the address's
    /// share; `Err(wait)` (nothing taken) when either has none left.
    pub fn take(&self, person: Option<&str>, address: IpAddr) -> Result<Share<'_>, Duration> {
        let now = Instant::now();
        let address = Counted::Address(super::limiter::network(address));
        let person = person.map(|p| Counted::Person(p.to_owned()));
        let counted: Vec<&Counted> = std::iter::once(&address).chain(&person).collect();
        let mut buckets = self.lock();
        if buckets.len() >= MAX_TRACKED {
            self.prune(&mut buckets, now);
        }
        let mut wait = Duration::ZERO;
        for key in &counted {
            let left = self.left(buckets.get(*key), key, now);
            if left < 1.0 {
                let per_second = self.size(key) / HOUR.as_secs_f64();
                wait = wait.max(Duration::from_secs_f64((1.0 - left) / per_second));
            }
        }
        if !wait.is_zero() {
            return Err(wait.max(Duration::from_secs(1)));
        }
        drop(buckets);
        self.spend(&address);
        Ok(Share {
            rate: self,
            address,
            person,
            kept: false,
        })
    }

    /// Takes one from `key`'s bucket (a person's may go below zero when sign-ins that
    /// were under way together succeed: they then wait longer).
    fn spend(&self, key: &Counted) {
        let now = Instant::now();
        let mut buckets = self.lock();
        let left = self.left(buckets.get(key), key, now);
        buckets.insert(
            key.clone(),
            Bucket {
                left: left - 1.0,
                at: now,
            },
        );
    }

    /// Gives one back to `key`'s bucket; a full bucket is not kept.
    fn give_back(&self, key: &Counted) {
        let now = Instant::now();
        let mut buckets = self.lock();
        let left = self.left(buckets.get(key), key, now) + 1.0;
        if left >= self.size(key) {
            buckets.remove(key);
        } else {
            buckets.insert(key.clone(), Bucket { left, at: now });
        }
    }

    /// How many buckets are kept (for the bound's test).
    pub fn tracked(&self) -> usize {
        self.lock().len()
    }

    /// Sign-ins left in `bucket` of `key` at `now` (a missing bucket is full).
    fn left(&self, bucket: Option<&Bucket>, key: &Counted, now: Instant) -> f64 {
        let size = self.size(key);
        bucket.map_or(size, |b| {
            let refilled = now.duration_since(b.at).as_secs_f64() / HOUR.as_secs_f64() * size;
            (b.left + refilled).min(size)
        })
    }

    /// Drops full buckets, then (if still too many) the fullest half.
    fn prune(&self, buckets: &mut HashMap<Counted, Bucket>, now: Instant) {
        buckets.retain(|key, bucket| self.left(Some(bucket), key, now) < self.size(key));
        if buckets.len() >= MAX_TRACKED {
            let mut fullness: Vec<(u64, Counted)> = buckets
                .iter()
                .map(|(key, bucket)| {
                    let share = self.left(Some(bucket), key, now) / self.size(key);
                    ((share * 1e6) as u64, key.clone())
                })
                .collect();
            fullness.sort_unstable_by_key(|(share, _)| std::cmp::Reverse(*share));
            for (_, key) in fullness.into_iter().take(MAX_TRACKED / 2) {
                buckets.remove(&key);
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Counted, Bucket>> {
        self.buckets.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(per_person: u32, per_address: u32) -> SignInRate {
        SignInRate::new(&SignInLimits {
            session_max_per_person: 1,
            sign_ins_per_person_per_hour: per_person,
            sign_ins_per_address_per_hour: per_address,
        })
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[tokio::test(start_paused = true)]
    async fn a_person_gets_an_hours_sign_ins_then_one_each_refill() {
        let rate = rate(3, 100);
        for _ in 0..3 {
            rate.take(Some("key:alice"), ip("10.0.0.1"))
                .unwrap()
                .succeeded();
        }
        let wait = rate.take(Some("key:alice"), ip("10.0.0.2")).unwrap_err();
        assert_eq!(wait, Duration::from_secs(1200), "a third of an hour");
        // Another person at the same address is not held back.
        rate.take(Some("key:bob"), ip("10.0.0.1"))
            .unwrap()
            .succeeded();
        tokio::time::advance(Duration::from_secs(1200)).await;
        rate.take(Some("key:alice"), ip("10.0.0.2"))
            .unwrap()
            .succeeded();
        assert!(rate.take(Some("key:alice"), ip("10.0.0.2")).is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn failed_attempts_never_use_up_someone_elses_allowance() {
        let rate = rate(2, 100);
        // Guesses for alice from many addresses, each failing (dropped unmarked).
        for n in 0..50u8 {
            drop(
                rate.take(Some("key:alice"), ip(&format!("198.51.100.{n}")))
                    .unwrap(),
            );
        }
        rate.take(Some("key:alice"), ip("10.0.0.1"))
            .unwrap()
            .succeeded();
        rate.take(Some("key:alice"), ip("10.0.0.1"))
            .unwrap()
            .succeeded();
        assert!(rate.take(Some("key:alice"), ip("10.0.0.1")).is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn an_address_is_limited_across_people_and_failures_give_back() {
        let rate = rate(100, 2);
        let first = rate.take(Some("key:a"), ip("2001:db8::1")).unwrap();
        rate.take(Some("key:b"), ip("2001:db8::2"))
            .unwrap()
            .succeeded();
        assert!(
            rate.take(Some("key:c"), ip("2001:db8::3")).is_err(),
            "one /64 is one address, and an attempt under way holds its share"
        );
        drop(first);
        rate.take(Some("key:c"), ip("2001:db8::3"))
            .unwrap()
            .succeeded();
        assert!(rate.take(None, ip("198.51.100.1")).is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn full_buckets_are_not_kept() {
        let rate = rate(10, 10);
        let share = rate.take(Some("key:a"), ip("10.0.0.1")).unwrap();
        assert_eq!(
            rate.tracked(),
            1,
            "only the address's share is taken before success"
        );
        drop(share);
        assert_eq!(rate.tracked(), 0);
        let mut buckets = HashMap::new();
        for n in 0..MAX_TRACKED as u32 {
            buckets.insert(
                Counted::Address(IpAddr::from(n.to_be_bytes())),
                Bucket {
                    left: 9.0,
                    at: Instant::now(),
                },
            );
        }
        tokio::time::advance(HOUR).await;
        rate.prune(&mut buckets, Instant::now());
        assert!(buckets.is_empty(), "refilled buckets are dropped");
    }
}
