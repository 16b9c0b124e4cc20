//! At most [`PER_SESSION`] exports run at once for one session: an export walks every
//! page of a view, so a person (or a script with their cookie) starting many at once
//! would hold many of Run:ai's in-flight slots for minutes.

use std::{sync::Arc, time::Duration};

use moka::sync::Cache;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Exports one session may run at once.
pub const PER_SESSION: usize = 2;
/// Sessions whose counts are kept; an idle session's count is dropped.
const TRACKED: u64 = 10_000;

/// The running exports of each session.
#[derive(Clone)]
pub struct ExportSlots {
    running: Cache<String, Arc<Semaphore>>,
}

impl Default for ExportSlots {
    fn default() -> Self {
        Self {
            running: Cache::builder()
                .max_capacity(TRACKED)
                .time_to_idle(Duration::from_secs(15 * 60))
                .build(),
        }
    }
}

impl ExportSlots {
    /// A slot for one export of `session`, held until dropped; `None` when
    /// [`PER_SESSION`] are already running.
    pub fn try_start(&self, session: &str) -> Option<OwnedSemaphorePermit> {
        self.running
            .get_with_by_ref(session, || Arc::new(Semaphore::new(PER_SESSION)))
            .try_acquire_owned()
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_exports_per_session_at_once() {
        let slots = ExportSlots::default();
        let first = slots.try_start("a").unwrap();
        let _second = slots.try_start("a").unwrap();
        assert!(
            slots.try_start("a").is_none(),
            "a third waits for one to end"
        );
        assert!(
            slots.try_start("b").is_some(),
            "another session is not held up"
        );
        drop(first);
        assert!(slots.try_start("a").is_some());
    }
}
