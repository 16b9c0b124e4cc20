//! What the failures page shows: the window's failures by cause.

use serde::{Deserialize, Serialize};

/// How often something occurred, by name: most first.
pub type Tally = Vec<(String, usize)>;

/// Failures with one cause.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FailureGroup {
    /// The cause's short name, for links (`cause=…`).
    pub id: String,
    /// The failure's reason and message with what varies masked.
    pub cause: String,
    pub failures: usize,
    /// Of those, how many were deleted since (the table shows them apart).
    pub deleted: usize,
    pub projects: Tally,
    pub people: Tally,
    pub node_pools: Tally,
    pub images: Tally,
    /// When the first and the last of them failed.
    pub first_ms: i64,
    pub last_ms: i64,
    /// The latest one's message as it was.
    pub sample: String,
    /// Failures per day of the answer's `days`.
    pub per_day: Vec<usize>,
}

impl FailureGroup {
    /// "9 of 10 on node pool a100" when one node pool holds two thirds or more of at
    /// least three failures.
    pub fn dominant_pool(&self) -> Option<String> {
        self.dominant(&self.node_pools, "on node pool")
    }

    /// "8 of 10 with image …", as [`FailureGroup::dominant_pool`].
    pub fn dominant_image(&self) -> Option<String> {
        self.dominant(&self.images, "with image")
    }

    fn dominant(&self, tally: &Tally, words: &str) -> Option<String> {
        let (name, n) = tally.first()?;
        (self.failures >= 3 && n * 3 >= self.failures * 2)
            .then(|| format!("{n} of {} {words} {name}", self.failures))
    }
}

/// The window's failures by cause.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FailuresAnswer {
    pub from_ms: i64,
    pub to_ms: i64,
    /// The UTC days of the trend, in order.
    pub days: Vec<i64>,
    /// Most failures first.
    pub groups: Vec<FailureGroup>,
    pub failures: usize,
    /// More failures than were read (the first 10,000 of each list are).
    pub truncated: bool,
}
