//! Bounded retries with jittered exponential backoff.

use std::time::Duration;

/// How often and how patiently idempotent requests are retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = no retries).
    pub max_attempts: u32,
    /// The delay before the first retry, doubled for each further one.
    pub base_delay: Duration,
    /// No delay exceeds this.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    /// Three attempts, 100 ms then 200 ms (each ±50 %), at most 2 s.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(2),
        }
    }
}

impl RetryPolicy {
    /// The wait after failed attempt number `attempt` (1-based): exponential, capped,
    /// with "equal jitter" (half fixed, half random) so that many clients that failed
    /// together do not retry together.
    pub fn delay(&self, attempt: u32) -> Duration {
        let exponential = self
            .base_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        let capped = exponential.min(self.max_delay);
        let half = capped / 2;
        let jitter_ms = fastrand::u64(0..=half.as_millis() as u64);
        half + Duration::from_millis(jitter_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_stay_jittered_and_capped() {
        let policy = RetryPolicy::default();
        for _ in 0..200 {
            let first = policy.delay(1);
            assert!((50..=100).contains(&first.as_millis()), "{first:?}");
            let second = policy.delay(2);
            assert!((100..=200).contains(&second.as_millis()), "{second:?}");
            let late = policy.delay(30);
            assert!((1000..=2000).contains(&late.as_millis()), "{late:?}");
        }
        let delays: std::collections::HashSet<_> = (0..50).map(|_| policy.delay(3)).collect();
        assert!(delays.len() > 1, "jitter varies the delay");
    }
}
