//! The collector's budget of upstream calls: never more than the configured number in
//! any minute. A token bucket holding a sixth of the budget (a short burst) and
//! refilling at the other five sixths per minute, so that burst and refill together
//! stay within the budget over every 60-second window.
//!
//! A budget is shared by its clones: the collector and the alert evaluator (on the
//! replica holding the lease) draw from one.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use tokio::time::Instant;

/// Calls per minute, kept; clones share one budget.
#[derive(Clone, Debug)]
pub struct Budget(Arc<Mutex<Bucket>>);

#[derive(Debug)]
struct Bucket {
    capacity: f64,
    /// Tokens per second.
    rate: f64,
    tokens: f64,
    last: Option<Instant>,
    granted: u64,
}

impl Budget {
    /// A budget of `per_minute` calls (at least one).
    pub fn new(per_minute: u32) -> Self {
        let per_minute = f64::from(per_minute.max(1));
        let capacity = (per_minute / 6.0).floor().max(1.0);
        Self(Arc::new(Mutex::new(Bucket {
            capacity,
            rate: (per_minute - capacity) / 60.0,
            tokens: capacity,
            last: None,
            granted: 0,
        })))
    }

    /// Takes one call at `now`; returns how long the caller must wait before making it.
    pub fn take_at(&self, now: Instant) -> Duration {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take_at(now)
    }

    /// Waits until one more call fits the budget.
    pub async fn take(&self) {
        let wait = self.take_at(Instant::now());
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// Calls granted so far.
    pub fn granted(&self) -> u64 {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .granted
    }
}

impl Bucket {
    fn take_at(&mut self, now: Instant) -> Duration {
        if let Some(last) = self.last {
            let refill = now.saturating_duration_since(last).as_secs_f64() * self.rate;
            self.tokens = (self.tokens + refill).min(self.capacity);
        }
        self.last = Some(now);
        self.granted += 1;
        self.tokens -= 1.0;
        if self.tokens >= 0.0 {
            Duration::ZERO
        } else if self.rate > 0.0 {
            Duration::from_secs_f64(-self.tokens / self.rate)
        } else {
            Duration::from_secs(60)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// When each of `n` calls, made as soon as allowed, goes out.
    fn schedule(per_minute: u32, n: usize) -> Vec<Duration> {
        let budget = Budget::new(per_minute);
        let start = Instant::now();
        let mut at = start;
        (0..n)
            .map(|_| {
                at += budget.take_at(at);
                at - start
            })
            .collect()
    }

    #[test]
    fn no_minute_holds_more_calls_than_the_budget() {
        for per_minute in [1, 7, 60, 120, 600] {
            let sent = schedule(per_minute, 3 * per_minute as usize + 5);
            for (i, first) in sent.iter().enumerate() {
                let within = sent[i..]
                    .iter()
                    .take_while(|t| **t < *first + Duration::from_secs(60))
                    .count();
                assert!(
                    within <= per_minute as usize,
                    "{within} calls in a minute on a budget of {per_minute}"
                );
            }
        }
    }

    #[test]
    fn a_short_burst_goes_at_once_and_the_rest_is_paced() {
        let sent = schedule(120, 40);
        assert!(sent[..20].iter().all(|t| t.is_zero()), "a sixth at once");
        assert!(sent[20] > Duration::ZERO);
        // 100 more per minute after the burst: the 40th call after about 12 s.
        let last = sent[39].as_secs_f64();
        assert!((11.0..13.0).contains(&last), "{last}");
    }
}
