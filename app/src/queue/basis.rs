//! Which history an estimate stands on. Where the closest history is too thin, the
//! estimate widens in a stated order and says which basis it used:
//! - a workload waiting for GPUs: similar requests in the same node pools → any GPU
//!   request in the same node pools → similar requests in the whole cluster → any
//!   request in the whole cluster → when the running workloads of its node pools are
//!   likely to have released what it and those ahead of it ask for;
//! - a workload its own project blocks: how long its project's workloads waited in its
//!   node pools → how long any workload waited there → when its project's running
//!   workloads there are likely to have released what it (and its project's blocked
//!   workloads ahead of it) ask for, from how long that
//!   project's workloads run → the same, from how long any workload there runs (see
//!   [`super::release`]).
//!
//! The release-based bases' ranges reach at least as far again as the workload has
//! waited ([`WaitEstimate::at_least_as_long_again`]).
//!
//! "Not enough history" is the answer only when no basis gives a range.

use serde::{Deserialize, Serialize};

use super::WaitEstimate;

/// The history an estimate was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Basis {
    /// Waits of workloads asking for a similar number of GPUs (within a factor of two),
    /// in the same node pools.
    SimilarInPools,
    /// Waits of workloads asking for any number of GPUs, in the same node pools.
    AnyInPools,
    /// Waits of workloads asking for a similar number of GPUs, anywhere in the cluster.
    SimilarInCluster,
    /// Waits of any workload in the cluster.
    AnyInCluster,
    /// Run times of its project's workloads in the same node pools.
    ProjectRuns,
    /// Waits of its project's workloads (of any size) in the same node pools.
    ProjectWaits,
    /// Run times of any workload in the same node pools.
    PoolRuns,
    /// When the running workloads of the same node pools free the GPUs that it and
    /// those ahead of it ask for, from how long their workloads run.
    PoolReleases,
}

impl Basis {
    /// The order in which a workload waiting for GPUs widens its history.
    pub const FOR_CAPACITY: [Self; 5] = [
        Self::SimilarInPools,
        Self::AnyInPools,
        Self::SimilarInCluster,
        Self::AnyInCluster,
        Self::PoolReleases,
    ];
    /// The order in which a workload its project blocks widens its history.
    pub const FOR_BLOCKED: [Self; 4] = [
        Self::ProjectWaits,
        Self::AnyInPools,
        Self::ProjectRuns,
        Self::PoolRuns,
    ];

    /// Whether its estimates are of whole waits, from when a workload began to wait:
    /// the waits of others. The release-based bases reckon from now instead (when the
    /// GPUs it needs are likely freed), so a wait so far cannot be set against them.
    pub fn reckons_whole_waits(self) -> bool {
        matches!(
            self,
            Self::SimilarInPools
                | Self::AnyInPools
                | Self::SimilarInCluster
                | Self::AnyInCluster
                | Self::ProjectWaits
        )
    }

    /// "judging by …": the history, with its size, in words.
    pub fn judged_by(self, sample: usize, days: i64) -> String {
        let waits = |which: &str, place: &str| {
            format!(
                "judging by {sample} {which} that started after waiting at least as long \
                 {place} over the last {days} days, and those still waiting there"
            )
        };
        let runs = |whose: &str| {
            format!(
                "judging by how long {sample} finished workloads of {whose} in these node \
                 pools ran over the last {days} days and how long its project's running \
                 workloads have run so far; how many GPUs the project must free is not \
                 known, so any amount up to what this workload and its project's blocked \
                 workloads ahead of it ask for (or all the project holds, if less) is \
                 taken as equally likely; and having waited this long already, it is \
                 likely to wait at least as long again"
            )
        };
        match self {
            Self::SimilarInPools => waits(
                "workloads asking for a similar number of GPUs",
                "in these node pools",
            ),
            Self::ProjectWaits => waits("workloads of its project", "in these node pools"),
            Self::AnyInPools => waits(
                "workloads asking for any number of GPUs",
                "in these node pools",
            ),
            Self::SimilarInCluster => waits(
                "workloads asking for a similar number of GPUs",
                "anywhere in the cluster",
            ),
            Self::AnyInCluster => waits("workloads of any size", "anywhere in the cluster"),
            Self::ProjectRuns => runs("its project"),
            Self::PoolRuns => runs("any project"),
            Self::PoolReleases => format!(
                "judging by how long {sample} finished workloads in these node pools ran over \
                 the last {days} days and how long the running ones have run so far: the time \
                 until they are likely to have released what it and the workloads ahead of \
                 it ask for, with any part of that taken as equally likely to be free \
                 already, each round beyond what they hold as one run more, and, having \
                 waited this long already, at least as long again"
            ),
        }
    }
}

/// An estimate with the history it stands on (`None` when no basis gave a range).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueEstimate {
    pub estimate: WaitEstimate,
    pub basis: Option<Basis>,
}

impl QueueEstimate {
    /// Whether it gives a range.
    pub fn is_likely(&self) -> bool {
        matches!(self.estimate, WaitEstimate::Likely { .. })
    }
}

/// The first of `tries` (in the order given) that gives a range; otherwise "not enough
/// history", with the closest basis's sample.
pub fn first_range(tries: impl IntoIterator<Item = (Basis, WaitEstimate)>) -> QueueEstimate {
    let mut closest = None;
    for (basis, estimate) in tries {
        if matches!(estimate, WaitEstimate::Likely { .. }) {
            return QueueEstimate {
                estimate,
                basis: Some(basis),
            };
        }
        closest.get_or_insert(estimate);
    }
    QueueEstimate {
        estimate: closest.unwrap_or(WaitEstimate::NotEnoughHistory { sample: 0 }),
        basis: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queue::{MIN_SAMPLE, estimate_wait};

    #[test]
    fn the_closest_history_with_a_range_answers_and_says_so() {
        let thin = estimate_wait(&[60.0; MIN_SAMPLE - 1], &[], 0.0);
        let enough = estimate_wait(&[600.0; MIN_SAMPLE], &[], 0.0);
        let wide = estimate_wait(&[6_000.0; 40], &[], 0.0);
        let answer = first_range([
            (Basis::SimilarInPools, thin.clone()),
            (Basis::AnyInPools, enough.clone()),
            (Basis::SimilarInCluster, wide),
        ]);
        assert_eq!(answer.basis, Some(Basis::AnyInPools));
        assert_eq!(answer.estimate, enough);
        let none = first_range([
            (Basis::SimilarInPools, thin.clone()),
            (Basis::AnyInPools, thin.clone()),
        ]);
        assert_eq!(none.basis, None);
        assert_eq!(none.estimate, thin);
        assert!(!none.is_likely());
    }

    #[test]
    fn each_basis_names_its_history() {
        let text = Basis::SimilarInCluster.judged_by(12, 7);
        assert!(
            text.contains("12 workloads asking for a similar number of GPUs"),
            "{text}"
        );
        assert!(
            text.contains("anywhere in the cluster over the last 7 days"),
            "{text}"
        );
        let runs = Basis::ProjectRuns.judged_by(9, 7);
        assert!(
            runs.contains("9 finished workloads of its project"),
            "{runs}"
        );
    }
}
