//! "When will it start?": where a pending workload stands in its node pools' queue, and
//! how long workloads like it have waited there.
//!
//! Both are pure functions of what the Workloads API reports, so the workload page, the
//! table and the calibration benchmark compute them the same way:
//! - [`order`]: the scheduler's order (priority, then creation time) among the pending
//!   workloads that compete for the same node pools;
//! - [`estimate`]: the remaining wait, from the waits of similar workloads that already
//!   started, given how long this one has waited.

pub mod estimate;
#[cfg(feature = "ssr")]
pub mod lists;
pub mod order;

pub use estimate::{MIN_SAMPLE, WaitEstimate, estimate_wait, similar_request};
pub use order::{QueueEntry, competes, queue_ahead};
