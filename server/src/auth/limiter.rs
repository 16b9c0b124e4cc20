//! Sign-in throttling that cannot be turned against a person: failures count per
//! (key id or user name, client address) and per client address, never per key alone,
//! so guessing someone's key from one place never locks them out from another.
//!
//! Every attempt is counted as a failure *before* it reaches Run:ai, in the same step
//! that checks the limits, and refunded when it succeeds: parallel guesses cannot slip
//! past the check while the first ones are still waiting for their answer. Repeated
//! failures first slow sign-in down (a growing delay before the attempt is tried), then
//! refuse it until the oldest failure leaves the window. This is the per-process count;
//! with Redis, replicas count together ([`super::failures`]) by the same rules.

use std::{
    collections::{HashMap, VecDeque},
    net::IpAddr,
    sync::Mutex,
    time::Duration,
};

use tokio::time::Instant;

/// Failures allowed for one key id or user name from one client address.
pub const PER_KEY_AT_ADDRESS: usize = 5;
/// Failures allowed from one client address (an office behind one NAT shares it).
pub const PER_ADDRESS: usize = 20;
/// How long a failure counts.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// The first slow-down; it doubles with each further failure.
pub const FIRST_DELAY: Duration = Duration::from_millis(500);
/// The longest slow-down.
pub const MAX_DELAY: Duration = Duration::from_secs(8);
/// Past this many tracked subjects, expired ones are dropped.
const PRUNE_AT: usize = 10_000;
/// The most subjects tracked: past it (after pruning) the stalest go first.
const MAX_TRACKED: usize = 50_000;

/// What a failure is counted against.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Subject {
    /// A client address (IPv6 by its /64: one host may hold the whole prefix).
    Address(IpAddr),
    /// A key id, user name or the team password, tried from one client address.
    KeyAt(String, IpAddr),
}

impl Subject {
    /// The subjects of an attempt with `key` (if any) from `ip`.
    pub fn of(key: Option<&str>, ip: IpAddr) -> Vec<Subject> {
        let ip = network(ip);
        let mut subjects = vec![Subject::Address(ip)];
        subjects.extend(key.map(|key| Subject::KeyAt(key.to_owned(), ip)));
        subjects
    }

    /// Failures allowed within the window.
    pub fn limit(&self) -> usize {
        match self {
            Subject::Address(_) => PER_ADDRESS,
            Subject::KeyAt(..) => PER_KEY_AT_ADDRESS,
        }
    }

    /// Failures tried at full speed before the slow-down starts.
    pub fn free(&self) -> usize {
        match self {
            Subject::Address(_) => PER_ADDRESS / 2,
            Subject::KeyAt(..) => 2,
        }
    }
}

/// The slow-down after `before` failures of a subject that tries `free` at full speed.
pub fn slow_down(before: usize, free: usize) -> Duration {
    let doublings = (before.saturating_sub(free)).min(8) as u32;
    (FIRST_DELAY * 2u32.pow(doublings)).min(MAX_DELAY)
}

/// IPv4 addresses as they are; IPv6 addresses by their /64 prefix.
pub(crate) fn network(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(bits.into())
        }
        v4 => v4,
    }
}

/// An attempt that passed the limits and is counted until it ends: as a failure
/// ([`SignInLimiter::failed`]), or taken back ([`SignInLimiter::refund`]).
#[derive(Debug)]
#[must_use = "end the ticket with failed() or refund()"]
pub struct Ticket {
    subjects: Vec<Subject>,
    at: Instant,
    fingerprint: u64,
    /// How long to wait before trying the credentials.
    pub delay: Duration,
}

/// One attempt counted against a subject.
#[derive(Clone, Copy, Debug)]
struct Entry {
    at: Instant,
    /// A keyed hash of the secret tried: attempts in flight with the same secret count
    /// once (a team's script or several tabs signing in with one key at once), while
    /// as many different secrets as there are count as many guesses.
    fingerprint: u64,
    /// Still waiting for Run:ai's answer.
    pending: bool,
}

/// The failure counts.
#[derive(Debug, Default)]
pub struct SignInLimiter {
    state: Mutex<Counts>,
}

#[derive(Debug, Default)]
struct Counts {
    attempts: HashMap<Subject, VecDeque<Entry>>,
    /// The size at which expired subjects are next dropped: twice what the last
    /// pruning kept, so pruning costs a constant per attempt on average.
    prune_at: usize,
}

/// What counts against a subject: each failure, and each different secret in flight.
fn counted(entries: &VecDeque<Entry>) -> usize {
    let mut pending: Vec<u64> = entries
        .iter()
        .filter(|e| e.pending)
        .map(|e| e.fingerprint)
        .collect();
    pending.sort_unstable();
    pending.dedup();
    entries.iter().filter(|e| !e.pending).count() + pending.len()
}

impl SignInLimiter {
    /// Checks the limits of `subjects` and counts the attempt (of the secret with
    /// `fingerprint`), in one step; `Err(wait)` (nothing counted) when any subject is
    /// at its limit.
    pub fn begin(&self, subjects: Vec<Subject>, fingerprint: u64) -> Result<Ticket, Duration> {
        let now = Instant::now();
        let mut counts = self.lock();
        if counts.attempts.len() > counts.prune_at.max(PRUNE_AT) {
            prune(&mut counts.attempts, now);
            counts.prune_at = (counts.attempts.len() * 2).min(MAX_TRACKED);
        }
        let attempts = &mut counts.attempts;
        let mut wait: Option<Duration> = None;
        let mut delay = Duration::ZERO;
        for subject in &subjects {
            let Some(entries) = attempts.get_mut(subject) else {
                continue;
            };
            expire(entries, now);
            let in_flight = entries
                .iter()
                .any(|e| e.pending && e.fingerprint == fingerprint);
            let before = counted(entries);
            // The same secret already in flight adds nothing to the count.
            let after = before + usize::from(!in_flight);
            if after > subject.limit() {
                let until = entries.front().map_or(WINDOW, |e| e.at + WINDOW - now);
                wait = Some(wait.map_or(until, |w| w.max(until)));
            } else if !in_flight && before >= subject.free() {
                delay = delay.max(slow_down(before, subject.free()));
            }
        }
        if let Some(wait) = wait {
            return Err(wait.max(Duration::from_secs(1)));
        }
        let entry = Entry {
            at: now,
            fingerprint,
            pending: true,
        };
        for subject in &subjects {
            attempts
                .entry(subject.clone())
                .or_default()
                .push_back(entry);
        }
        Ok(Ticket {
            subjects,
            at: now,
            fingerprint,
            delay,
        })
    }

    /// The attempt failed: it counts as a failure for the rest of the window.
    pub fn failed(&self, ticket: Ticket) {
        let mut counts = self.lock();
        for subject in &ticket.subjects {
            if let Some(entry) = counts.attempts.get_mut(subject).and_then(|entries| {
                entries.iter_mut().rfind(|e| {
                    e.pending && e.at == ticket.at && e.fingerprint == ticket.fingerprint
                })
            }) {
                entry.pending = false;
            }
        }
    }

    /// The attempt succeeded (or proved nothing about the secret): it is taken back,
    /// and on success the key's earlier failures from that address are forgotten (the
    /// address keeps its others).
    pub fn refund(&self, ticket: Ticket) {
        let mut counts = self.lock();
        let attempts = &mut counts.attempts;
        for subject in &ticket.subjects {
            let Some(entries) = attempts.get_mut(subject) else {
                continue;
            };
            if let Some(at) = entries.iter().rposition(|e| {
                e.pending && e.at == ticket.at && e.fingerprint == ticket.fingerprint
            }) {
                entries.remove(at);
            }
            if matches!(subject, Subject::KeyAt(..)) {
                entries.retain(|e| e.pending);
            }
            if entries.is_empty() {
                attempts.remove(subject);
            }
        }
    }

    /// How many subjects are tracked (for the bound's test).
    pub fn tracked(&self) -> usize {
        self.lock().attempts.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Drops expired failures, then (if still too many) the subjects whose last failure is
/// oldest.
fn prune(attempts: &mut HashMap<Subject, VecDeque<Entry>>, now: Instant) {
    attempts.retain(|_, entries| {
        expire(entries, now);
        !entries.is_empty()
    });
    if attempts.len() > MAX_TRACKED {
        let mut last: Vec<(Instant, Subject)> = attempts
            .iter()
            .map(|(subject, entries)| (entries.back().expect("non-empty").at, subject.clone()))
            .collect();
        last.sort_by_key(|(at, _)| *at);
        for (_, subject) in last.into_iter().take(attempts.len() - MAX_TRACKED / 2) {
            attempts.remove(&subject);
        }
    }
}

fn expire(entries: &mut VecDeque<Entry>, now: Instant) {
    while entries
        .front()
        .is_some_and(|e| now.duration_since(e.at) >= WINDOW)
    {
        entries.pop_front();
    }
}

#[cfg(test)]
#[path = "limiter_tests.rs"]
mod tests;
