//! Each person's sessions, newest last, at most so many: a further sign-in ends the
//! person's oldest session. One account signing in over and over therefore only ever
//! pushes out its own sessions, never anyone else's (the store's overall cap, which
//! ends the least recently used, is then out of one account's reach).
//!
//! The list is this process's: with Redis, each replica bounds the sessions it
//! created. A session signed out, or replaced by a new sign-in in the same browser,
//! leaves the list at once; one that expired stays until pushed out (ending it again is
//! harmless).

use std::{
    collections::VecDeque,
    sync::{Arc, Mutex},
    time::Duration,
};

use tower_sessions::session::Id;

/// The people remembered, and their sessions.
pub struct PersonSessions {
    per_person: usize,
    people: moka::sync::Cache<String, Arc<Mutex<VecDeque<Id>>>>,
}

impl PersonSessions {
    /// At most `per_person` sessions each, for `people` people at once (past that, the
    /// least recently signed in are forgotten), each remembered for `lifetime` (a
    /// session's absolute lifetime) after their last sign-in.
    pub fn new(per_person: usize, people: u64, lifetime: Duration) -> Self {
        Self {
            per_person,
            people: moka::sync::Cache::builder()
                .max_capacity(people)
                .time_to_idle(lifetime)
                .build(),
        }
    }

    /// Records `id` as `person`'s newest session; the sessions it pushes out, oldest
    /// first, to be ended.
    pub fn admit(&self, person: &str, id: Id) -> Vec<Id> {
        let sessions = self
            .people
            .get_with(person.to_owned(), || Arc::new(Mutex::new(VecDeque::new())));
        let mut sessions = sessions.lock().unwrap_or_else(|e| e.into_inner());
        sessions.retain(|known| *known != id);
        sessions.push_back(id);
        let excess = sessions.len().saturating_sub(self.per_person);
        sessions.drain(..excess).collect()
    }
}

impl PersonSessions {
    /// `id` is no longer one of `person`'s sessions.
    pub fn forget(&self, person: &str, id: Id) {
        if let Some(sessions) = self.people.get(person) {
            sessions
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .retain(|known| *known != id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_persons_newest_sessions_stay_and_others_are_untouched() {
        let sessions = PersonSessions::new(2, 100, Duration::from_secs(3600));
        let ids: Vec<Id> = (0..5).map(Id).collect();
        assert!(sessions.admit("bob", ids[0]).is_empty());
        assert!(sessions.admit("alice", ids[1]).is_empty());
        assert!(sessions.admit("alice", ids[2]).is_empty());
        assert_eq!(sessions.admit("alice", ids[3]), [ids[1]]);
        assert_eq!(sessions.admit("alice", ids[4]), [ids[2]]);
        // Admitting a known id again moves it, without ending it.
        assert_eq!(sessions.admit("alice", ids[3]), Vec::<Id>::new());
        assert!(
            sessions.admit("bob", ids[2]).is_empty(),
            "bob's first is kept"
        );
    }
}
