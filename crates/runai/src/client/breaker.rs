//! Protecting the control plane (and the dashboard) when Run:ai struggles: a bound on
//! calls in flight, and a circuit breaker that fails fast after repeated failures
//! instead of piling up requests that will time out anyway.
//!
//! The breaker is per control plane, shared by every user: when Run:ai is down for
//! one person it is down for all. It counts attempts, not calls: transport errors
//! and 5xx answers are failures; anything else (a 4xx included) shows Run:ai is
//! answering and closes it.

use std::{sync::Mutex, time::Duration};

use tokio::{
    sync::{OwnedSemaphorePermit, Semaphore},
    time::Instant,
};

use crate::ApiError;

/// Limits on how hard the dashboard leans on the control plane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BreakerConfig {
    /// Upstream requests in flight at once, across every user.
    pub max_in_flight: usize,
    /// How long a call may wait for a free slot before it is refused.
    pub queue_timeout: Duration,
    /// Failed attempts in a row that open the circuit.
    pub failure_threshold: u32,
    /// How long an open circuit refuses calls before letting one through to test.
    pub open_for: Duration,
}

impl Default for BreakerConfig {
    /// 32 calls in flight, 5 s in the queue, open after 5 failures in a row, for 10 s.
    fn default() -> Self {
        Self {
            max_in_flight: 32,
            queue_timeout: Duration::from_secs(5),
            failure_threshold: 5,
            open_for: Duration::from_secs(10),
        }
    }
}

/// Whether calls go through.
#[derive(Debug)]
enum Circuit {
    /// Calls go through; `failures` in a row so far.
    Closed { failures: u32 },
    /// Calls are refused until `until`; `last` says why it opened.
    Open { until: Instant, last: String },
    /// One trial call is in flight since `since`; the rest are refused until it
    /// answers (or, if it never reports, until another pause has passed).
    Testing { last: String, since: Instant },
}

/// The concurrency limit and the circuit breaker of one control plane.
pub(super) struct Breaker {
    config: BreakerConfig,
    slots: std::sync::Arc<Semaphore>,
    circuit: Mutex<Circuit>,
}

/// A slot for one attempt; give it back with [`Slot::record`]. A slot dropped without
/// a report (its call was cancelled: a page stopped waiting, a request timed out) is
/// reported as cancelled, so a trial call that never finishes does not leave the
/// circuit waiting out another whole pause.
pub(super) struct Slot<'a> {
    breaker: &'a Breaker,
    _permit: OwnedSemaphorePermit,
    reported: bool,
}

/// How an attempt went, as the breaker counts it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Outcome {
    /// Run:ai answered (a 4xx is the caller's, not Run:ai's failure).
    Answered,
    /// Run:ai itself failed; `why` is logged when the circuit opens.
    Failed { why: String },
}

impl Outcome {
    /// A failure of Run:ai itself, said as `why`.
    pub(super) fn failed(why: impl ToString) -> Self {
        Outcome::Failed {
            why: why.to_string(),
        }
    }
}

impl Slot<'_> {
    /// Records how the attempt went.
    pub(super) fn record(mut self, outcome: Outcome) {
        self.reported = true;
        self.breaker.record(outcome);
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        if !self.reported {
            self.breaker.cancelled();
        }
    }
}

impl Breaker {
    pub(super) fn new(config: BreakerConfig) -> Self {
        Self {
            config,
            slots: std::sync::Arc::new(Semaphore::new(config.max_in_flight.max(1))),
            circuit: Mutex::new(Circuit::Closed { failures: 0 }),
        }
    }

    /// Waits for a slot, or refuses at once when the circuit is open (or a trial call
    /// is out), or after the queue timeout when every slot stays busy.
    pub(super) async fn enter(&self) -> Result<Slot<'_>, ApiError> {
        let trial = self.admit()?;
        let permit = tokio::time::timeout(
            self.config.queue_timeout,
            self.slots.clone().acquire_owned(),
        )
        .await;
        match permit {
            Ok(Ok(permit)) => Ok(Slot {
                breaker: self,
                _permit: permit,
                reported: false,
            }),
            _ => {
                if trial {
                    // The trial never got a slot: let the next call try instead.
                    self.cancelled();
                }
                Err(ApiError::Unavailable {
                    reason: format!(
                        "{} requests to Run:ai are already waiting for an answer",
                        self.config.max_in_flight
                    ),
                    retry_in_s: self.config.queue_timeout.as_secs().max(1),
                })
            }
        }
    }

    /// Whether a call may go through now: `Ok(true)` when it is the circuit's trial.
    fn admit(&self) -> Result<bool, ApiError> {
        let mut circuit = self.circuit.lock().unwrap_or_else(|p| p.into_inner());
        match &*circuit {
            Circuit::Closed { .. } => Ok(false),
            Circuit::Open { until, last } => {
                let now = Instant::now();
                if now >= *until {
                    *circuit = Circuit::Testing {
                        last: last.clone(),
                        since: now,
                    };
                    metrics::gauge!("runboard_upstream_circuit_open").set(0.0);
                    Ok(true)
                } else {
                    Err(unavailable(
                        self.config.failure_threshold,
                        last,
                        *until - now,
                    ))
                }
            }
            Circuit::Testing { last, since } => {
                let now = Instant::now();
                if now >= *since + self.config.open_for {
                    // The trial has been out for a whole pause without an answer
                    // (stuck, not cancelled): try another.
                    *circuit = Circuit::Testing {
                        last: last.clone(),
                        since: now,
                    };
                    Ok(true)
                } else {
                    Err(unavailable(
                        self.config.failure_threshold,
                        last,
                        Duration::from_secs(1),
                    ))
                }
            }
        }
    }

    /// A call gave up its slot without an answer. If it was the trial, the circuit
    /// goes back to open with its pause already over, so the next call is the new
    /// trial; otherwise nothing is learned.
    fn cancelled(&self) {
        let mut circuit = self.circuit.lock().unwrap_or_else(|p| p.into_inner());
        if let Circuit::Testing { last, .. } = &*circuit {
            *circuit = Circuit::Open {
                until: Instant::now(),
                last: last.clone(),
            };
        }
    }

    /// Records how an attempt went.
    fn record(&self, outcome: Outcome) {
        let mut circuit = self.circuit.lock().unwrap_or_else(|p| p.into_inner());
        match outcome {
            Outcome::Answered => *circuit = Circuit::Closed { failures: 0 },
            Outcome::Failed { why } => {
                let failures = match &*circuit {
                    Circuit::Closed { failures } => failures + 1,
                    // The trial failed, or calls admitted before the circuit opened
                    // came back failing: stay (or go back to) open.
                    _ => self.config.failure_threshold,
                };
                *circuit = if failures >= self.config.failure_threshold {
                    tracing::warn!(target: "runboard::upstream", failures, open_for_s = self.config.open_for.as_secs(), last = %why, "Run:ai circuit opened");
                    metrics::gauge!("runboard_upstream_circuit_open").set(1.0);
                    Circuit::Open {
                        until: Instant::now() + self.config.open_for,
                        last: why,
                    }
                } else {
                    Circuit::Closed { failures }
                };
            }
        }
    }

    /// Whether calls are being refused right now.
    pub(super) fn is_open(&self) -> bool {
        !matches!(
            &*self.circuit.lock().unwrap_or_else(|p| p.into_inner()),
            Circuit::Closed { .. }
        )
    }
}

fn unavailable(threshold: u32, last: &str, wait: Duration) -> ApiError {
    ApiError::Unavailable {
        reason: format!("Run:ai failed {threshold} times in a row (last: {last})"),
        retry_in_s: wait.as_secs_f64().ceil().max(1.0) as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaker() -> Breaker {
        Breaker::new(BreakerConfig {
            max_in_flight: 2,
            queue_timeout: Duration::from_millis(100),
            failure_threshold: 3,
            open_for: Duration::from_secs(10),
        })
    }

    async fn fail(breaker: &Breaker) {
        let slot = breaker.enter().await.unwrap();
        slot.record(Outcome::failed("503"));
    }

    #[tokio::test(start_paused = true)]
    async fn opens_after_failures_in_a_row_and_refuses_fast() {
        let breaker = breaker();
        fail(&breaker).await;
        fail(&breaker).await;
        // A success in between starts the count again.
        let slot = breaker.enter().await.unwrap();
        slot.record(Outcome::Answered);
        fail(&breaker).await;
        fail(&breaker).await;
        assert!(!breaker.is_open());
        fail(&breaker).await;
        assert!(breaker.is_open());
        let refused = breaker.enter().await.err().unwrap();
        assert!(
            refused
                .to_string()
                .starts_with("upstream unavailable: Run:ai failed 3 times in a row (last: 503)"),
            "{refused}"
        );
        assert!(matches!(
            refused,
            ApiError::Unavailable { retry_in_s: 10, .. }
        ));
    }

    #[tokio::test(start_paused = true)]
    async fn after_the_pause_one_trial_decides() {
        let breaker = breaker();
        for _ in 0..3 {
            fail(&breaker).await;
        }
        tokio::time::advance(Duration::from_secs(10)).await;
        let trial = breaker.enter().await.expect("the trial call goes through");
        assert!(breaker.enter().await.is_err(), "one trial at a time");
        trial.record(Outcome::failed("still down"));
        assert!(breaker.enter().await.is_err(), "a failed trial reopens");

        tokio::time::advance(Duration::from_secs(10)).await;
        let trial = breaker.enter().await.unwrap();
        trial.record(Outcome::Answered);
        assert!(!breaker.is_open());
        assert!(breaker.enter().await.is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn a_cancelled_trial_lets_the_next_call_try_at_once() {
        let breaker = breaker();
        for _ in 0..3 {
            fail(&breaker).await;
        }
        tokio::time::advance(Duration::from_secs(10)).await;
        // The trial call's future is dropped before it reports (the page that asked
        // stopped waiting): without a report the circuit stayed "testing" and refused
        // every call for another whole pause.
        let trial = breaker.enter().await.expect("the trial goes through");
        drop(trial);
        let next = breaker
            .enter()
            .await
            .expect("the next call is the new trial, with no further pause");
        next.record(Outcome::Answered);
        assert!(!breaker.is_open());
    }

    #[tokio::test(start_paused = true)]
    async fn a_cancelled_call_while_closed_changes_nothing() {
        let breaker = breaker();
        fail(&breaker).await;
        fail(&breaker).await;
        drop(breaker.enter().await.unwrap());
        fail(&breaker).await;
        assert!(
            breaker.is_open(),
            "three failures in a row, a cancel not counted"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_full_queue_is_refused_after_the_queue_timeout() {
        let breaker = breaker();
        let _a = breaker.enter().await.unwrap();
        let _b = breaker.enter().await.unwrap();
        let refused = breaker.enter().await.err().unwrap();
        assert!(
            refused
                .to_string()
                .contains("2 requests to Run:ai are already waiting"),
            "{refused}"
        );
        drop(_a);
        assert!(breaker.enter().await.is_ok(), "a freed slot is reused");
    }
}
