//! The failed-sign-in limits as sign-in uses them: counted in this process
//! ([`SignInLimiter`]), or, with Redis, by every replica together
//! ([`SharedFailureCounts`]), so a guesser spread over N replicas gets no more tries
//! than one that reaches a single replica.
//!
//! Shared counts that cannot be reached (Redis down or slow) fall back to this
//! process's count, with one warning per outage: sign-in goes on, limited per replica,
//! until Redis answers again.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use async_trait::async_trait;

use super::limiter::{self, SignInLimiter, Subject, slow_down};

/// Why the shared counts could not be used (Redis away or slow).
#[derive(Debug)]
pub struct SharedCountsError(pub String);

/// What the shared count says of an attempt about to be tried.
#[derive(Debug, PartialEq, Eq)]
pub enum Admission {
    /// Counted (as in flight): for each subject, in order, how many failures and
    /// different secrets in flight it had before, and whether this secret was already
    /// among those in flight.
    Counted(Vec<(usize, bool)>),
    /// Some subject is at its limit: nothing was counted; this is how long until its
    /// oldest failure leaves the window.
    Refused(Duration),
}

/// Failure counts kept where every replica sees them. Each call checks and changes
/// the counts of all its subjects in one atomic step.
#[async_trait]
pub trait SharedFailureCounts: Send + Sync {
    /// Checks each subject's limit and, if none is reached, counts the attempt `id` with
    /// the secret of `fingerprint` as in flight against every subject.
    async fn begin(
        &self,
        subjects: &[Subject],
        fingerprint: u64,
        id: u64,
    ) -> Result<Admission, SharedCountsError>;

    /// The attempt failed: it counts as a failure for the rest of the window.
    async fn failed(
        &self,
        subjects: &[Subject],
        fingerprint: u64,
        id: u64,
    ) -> Result<(), SharedCountsError>;

    /// The attempt is taken back; on a key's subjects, with its earlier failures.
    async fn refund(
        &self,
        subjects: &[Subject],
        fingerprint: u64,
        id: u64,
    ) -> Result<(), SharedCountsError>;
}

/// An attempt that passed the limits, counted until it ends with
/// [`FailureLimits::failed`] or [`FailureLimits::refund`].
#[derive(Debug)]
#[must_use = "end the ticket with failed() or refund()"]
pub struct Ticket {
    /// How long to wait before trying the credentials.
    pub delay: Duration,
    counted: Counted,
}

#[derive(Debug)]
enum Counted {
    Here(limiter::Ticket),
    Shared {
        subjects: Vec<Subject>,
        fingerprint: u64,
        id: u64,
    },
}

/// The failed-sign-in limits: shared when configured, else (and while the shared
/// counts are away) this process's.
#[derive(Default)]
pub struct FailureLimits {
    here: SignInLimiter,
    shared: Option<Arc<dyn SharedFailureCounts>>,
    /// Whether the shared counts are away (so the warning is given once per outage).
    away: AtomicBool,
}

impl FailureLimits {
    /// Limits counted by every replica through `shared` (this process's own while it
    /// cannot be reached).
    pub fn shared(shared: Arc<dyn SharedFailureCounts>) -> Self {
        Self {
            shared: Some(shared),
            ..Self::default()
        }
    }

    /// Whether the counts are shared with other replicas.
    pub fn is_shared(&self) -> bool {
        self.shared.is_some()
    }

    /// Checks the limits of `subjects` and counts the attempt (of the secret with
    /// `fingerprint`), in one step; `Err(wait)` (nothing counted) when any subject is
    /// at its limit.
    pub async fn begin(
        &self,
        subjects: Vec<Subject>,
        fingerprint: u64,
    ) -> Result<Ticket, Duration> {
        if let Some(shared) = &self.shared {
            let id = fastrand::u64(..);
            match shared.begin(&subjects, fingerprint, id).await {
                Ok(admission) => {
                    self.reached();
                    return match admission {
                        Admission::Refused(wait) => Err(wait.max(Duration::from_secs(1))),
                        Admission::Counted(before) => Ok(Ticket {
                            delay: delay(&subjects, &before),
                            counted: Counted::Shared {
                                subjects,
                                fingerprint,
                                id,
                            },
                        }),
                    };
                }
                Err(err) => self.lost(&err),
            }
        }
        let ticket = self.here.begin(subjects, fingerprint)?;
        Ok(Ticket {
            delay: ticket.delay,
            counted: Counted::Here(ticket),
        })
    }

    /// The attempt failed: it counts as a failure for the rest of the window.
    pub async fn failed(&self, ticket: Ticket) {
        match ticket.counted {
            Counted::Here(ticket) => self.here.failed(ticket),
            Counted::Shared {
                subjects,
                fingerprint,
                id,
            } => {
                if let Some(shared) = &self.shared
                    && let Err(err) = shared.failed(&subjects, fingerprint, id).await
                {
                    // Still counted as in flight, which counts the same until the
                    // window ends.
                    self.lost(&err);
                }
            }
        }
    }

    /// The attempt succeeded (or proved nothing about the secret): it is taken back,
    /// and on success the key's earlier failures from that address are forgotten.
    pub async fn refund(&self, ticket: Ticket) {
        match ticket.counted {
            Counted::Here(ticket) => self.here.refund(ticket),
            Counted::Shared {
                subjects,
                fingerprint,
                id,
            } => {
                if let Some(shared) = &self.shared
                    && let Err(err) = shared.refund(&subjects, fingerprint, id).await
                {
                    // Left in flight: the same secret tried again is not counted twice,
                    // and the window ends it.
                    self.lost(&err);
                }
            }
        }
    }

    /// How many subjects this process tracks itself (for the bound's test).
    pub fn tracked_here(&self) -> usize {
        self.here.tracked()
    }

    fn lost(&self, err: &SharedCountsError) {
        if !self.away.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                error = %err.0,
                "failed sign-ins are counted by this replica alone until Redis answers again"
            );
        }
    }

    fn reached(&self) {
        if self.away.swap(false, Ordering::Relaxed) {
            tracing::info!("failed sign-ins are counted with the other replicas again");
        }
    }
}

/// The slow-down the shared counts call for: that of the subject furthest past its
/// free tries, counting only subjects this secret adds to.
fn delay(subjects: &[Subject], before: &[(usize, bool)]) -> Duration {
    subjects
        .iter()
        .zip(before)
        .filter(|(subject, (before, in_flight))| !in_flight && *before >= subject.free())
        .map(|(subject, (before, _))| slow_down(*before, subject.free()))
        .max()
        .unwrap_or(Duration::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::{net::IpAddr, sync::Mutex};

    /// Shared counts that are away until told otherwise, then count nothing.
    #[derive(Default)]
    struct Flaky {
        down: Mutex<bool>,
    }

    #[async_trait]
    impl SharedFailureCounts for Flaky {
        async fn begin(
            &self,
            subjects: &[Subject],
            _: u64,
            _: u64,
        ) -> Result<Admission, SharedCountsError> {
            if *self.down.lock().unwrap() {
                return Err(SharedCountsError("down".into()));
            }
            Ok(Admission::Counted(vec![(0, false); subjects.len()]))
        }
        async fn failed(&self, _: &[Subject], _: u64, _: u64) -> Result<(), SharedCountsError> {
            Ok(())
        }
        async fn refund(&self, _: &[Subject], _: u64, _: u64) -> Result<(), SharedCountsError> {
            Ok(())
        }
    }

    fn subjects() -> Vec<Subject> {
        Subject::of(Some("alice"), IpAddr::from([192, 0, 2, 1]))
    }

    #[tokio::test]
    async fn the_shared_count_away_falls_back_to_this_process_and_returns() {
        let flaky = Arc::new(Flaky::default());
        let limits = FailureLimits::shared(flaky.clone());
        *flaky.down.lock().unwrap() = true;
        for _ in 0..limiter::PER_KEY_AT_ADDRESS {
            let ticket = limits.begin(subjects(), fastrand::u64(..)).await.unwrap();
            limits.failed(ticket).await;
        }
        assert!(
            limits.begin(subjects(), 7).await.is_err(),
            "limited here while Redis is away"
        );
        *flaky.down.lock().unwrap() = false;
        let ticket = limits.begin(subjects(), 7).await.unwrap();
        assert!(matches!(ticket.counted, Counted::Shared { .. }));
        limits.refund(ticket).await;
    }

    #[test]
    fn the_delay_is_the_largest_among_subjects_this_secret_adds_to() {
        let subjects = subjects();
        assert_eq!(delay(&subjects, &[(0, false), (0, false)]), Duration::ZERO);
        assert_eq!(
            delay(&subjects, &[(10, false), (3, false)]),
            Duration::from_millis(1000)
        );
        assert_eq!(
            delay(&subjects, &[(0, false), (4, true)]),
            Duration::ZERO,
            "the same secret in flight adds nothing"
        );
    }
}
