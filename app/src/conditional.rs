//! What a page was made from, for its validator (`ETag`): a page rendered whole
//! (`SsrMode::Async`) records the data it shows with [`record_version`], and the server
//! answers a refresh whose recorded data did not change with `304 Not Modified`.
//!
//! Only the data is recorded, never what the clock alone moves (the time of the
//! answer, how long ago something happened, how long a pending workload has waited):
//! those the browser brings forward itself when told nothing changed
//! (`components::advance_clock_texts`). A page that records nothing carries no
//! validator. Only pages rendered whole may record: a streamed page's headers leave
//! before its data is known.

use std::sync::{Arc, Mutex};

use leptos::prelude::use_context;
use serde::Serialize;

/// The most bytes one answer records; past it, the answer carries no validator.
const MAX_RECORDED: usize = 4 << 20;

/// The data one answer was made from, shared by the server's validator layer (which
/// puts it in the request's extensions) and the page that records into it.
#[derive(Clone, Debug, Default)]
pub struct AnswerVersion(Arc<Mutex<Recorded>>);

#[derive(Debug, Default)]
struct Recorded {
    bytes: Vec<u8>,
    /// Something could not be recorded: no validator can be trusted.
    spoiled: bool,
}

impl AnswerVersion {
    /// Adds `data` (as JSON) to what the answer was made from.
    pub fn record<T: Serialize>(&self, data: &T) {
        let mut recorded = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match serde_json::to_vec(data) {
            Ok(json) if recorded.bytes.len() + json.len() <= MAX_RECORDED => {
                // Each record's length first: two records never read as another two.
                recorded
                    .bytes
                    .extend_from_slice(&(json.len() as u64).to_le_bytes());
                recorded.bytes.extend_from_slice(&json);
            }
            _ => recorded.spoiled = true,
        }
    }

    /// What was recorded, if anything was and all of it could be.
    pub fn recorded(&self) -> Option<Vec<u8>> {
        let recorded = self.0.lock().unwrap_or_else(|e| e.into_inner());
        (!recorded.spoiled && !recorded.bytes.is_empty()).then(|| recorded.bytes.clone())
    }
}

/// Records `data` as part of what the current page shows (nothing outside a request
/// the validator layer saw).
pub fn record_version<T: Serialize>(data: &T) {
    if let Some(version) = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<AnswerVersion>().cloned())
    {
        version.record(data);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_framed_and_nothing_recorded_is_no_version() {
        let empty = AnswerVersion::default();
        assert_eq!(empty.recorded(), None);
        let (a, b) = (AnswerVersion::default(), AnswerVersion::default());
        a.record(&"ab");
        a.record(&"c");
        b.record(&"a");
        b.record(&"bc");
        assert_ne!(a.recorded(), b.recorded());
    }

    #[test]
    fn an_answer_too_large_to_record_has_no_version() {
        let version = AnswerVersion::default();
        version.record(&"x".repeat(MAX_RECORDED + 1));
        assert_eq!(version.recorded(), None);
    }
}
