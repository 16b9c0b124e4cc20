//! "When will it start?": where a pending workload stands in its node pools' queue, why
//! it waits, and how long it is likely still to wait.
//!
//! All are pure functions of what the Workloads API reports, so the workload page, the
//! table and the calibration benchmark compute them the same way:
//! - [`order`]: the scheduler's order (priority, then creation time) among the pending
//!   workloads that compete for the same node pools, with those their own project
//!   blocks listed apart;
//! - [`reason`]: what a workload waits for, in words;
//! - [`estimate`]: the remaining wait, from the waits of similar workloads that already
//!   started, given how long this one has waited;
//! - [`release`]: for a workload its project blocks, when the project's running
//!   workloads are likely to have released the GPUs it needs;
//! - [`basis`]: which history an estimate stands on, widened in a stated order;
//! - [`standing`]: all of it for one workload, worked out by `reads` (server only)
//!   from the list calls of its node pools.

pub mod basis;
pub mod estimate;
#[cfg(feature = "ssr")]
pub mod lists;
pub mod order;
#[cfg(feature = "ssr")]
pub mod pool_reads;
#[cfg(feature = "ssr")]
pub mod reads;
pub mod reason;
pub mod release;
#[cfg(feature = "ssr")]
mod source;
pub mod standing;
#[cfg(feature = "ssr")]
pub mod what_if;
mod words;

pub use basis::{Basis, QueueEstimate, first_range};
pub use estimate::{MIN_SAMPLE, WaitEstimate, estimate_wait, similar_request};
pub use order::{QueueEntry, QueueLine, competes, in_scheduler_order, queue_ahead, queue_line};
pub use reason::{Blocked, WaitReason};
pub use release::{Holder, estimate_release, likely_end};
