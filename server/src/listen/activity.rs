//! What one connection is doing, as its watchdog needs to know: whether a request is in
//! flight, since when it has waited for the next one, whether a header has begun to
//! arrive, and whether a response is stuck behind a client that stopped reading.
//!
//! The socket ([`super::watched::Watched`]) reports bytes read and writes; the
//! service reports requests begun and responses handed over whole ([`InFlight`], dropped with
//! the response body). From these [`Activity::deadline`] says when the connection is
//! to be closed if nothing changes.

use std::sync::{Arc, Mutex};

use tokio::{sync::Notify, time::Instant};

use super::ConnectionLimits;

/// One connection's activity, shared by its socket, its service and its watchdog.
#[derive(Debug)]
pub struct Activity {
    opened: Instant,
    state: Mutex<State>,
    /// Wakes the watchdog when a deadline may have come closer, or on eviction.
    changed: Notify,
}

#[derive(Debug)]
struct State {
    /// Requests whose responses are not yet handed to the socket whole.
    in_flight: usize,
    /// Whether any request has been read on this connection.
    served: bool,
    /// Since when no request has been in flight (the connection's opening at first).
    waiting_since: Instant,
    /// When the first byte of the next request arrived, while none was in flight.
    header_started: Option<Instant>,
    /// When a write last moved bytes to the client.
    last_write: Option<Instant>,
    /// Since when a write has been waiting for the client to read.
    write_blocked_since: Option<Instant>,
    /// Closed to make room for a new connection.
    evicted: bool,
}

impl Activity {
    /// A connection opened now.
    pub fn new() -> Arc<Self> {
        let now = Instant::now();
        Arc::new(Self {
            opened: now,
            state: Mutex::new(State {
                in_flight: 0,
                served: false,
                waiting_since: now,
                header_started: None,
                last_write: None,
                write_blocked_since: None,
                evicted: false,
            }),
            changed: Notify::new(),
        })
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// When the connection is to be closed if nothing changes; `None`: not while a
    /// request is being answered and its client reads (the request timeout bounds
    /// that).
    pub fn deadline(&self, limits: &ConnectionLimits) -> Option<Instant> {
        let state = self.state();
        if state.in_flight > 0 {
            // A response the client does not read holds the connection only so long.
            return state
                .write_blocked_since
                .map(|since| since + limits.idle_timeout);
        }
        if !state.served {
            // The first request's header must arrive whole in time, counted from the
            // connection's opening: a client that connects and says nothing, or
            // trickles its header, is not waited for.
            return Some(self.opened + limits.header_read_timeout);
        }
        Some(match state.header_started {
            Some(started) => started + limits.header_read_timeout,
            // Idle since the last request ended or the last byte of its answer left,
            // whichever is later: an answer still draining to a slow reader is no idle
            // connection.
            None => {
                state
                    .waiting_since
                    .max(state.last_write.unwrap_or(self.opened))
                    + limits.idle_timeout
            }
        })
    }

    /// Since when the connection has waited for a request, when none is in flight: the
    /// longest waiting is the first to close when room is needed.
    pub fn waiting_since(&self) -> Option<Instant> {
        let state = self.state();
        (state.in_flight == 0 && !state.evicted).then_some(state.waiting_since)
    }

    /// Closes the connection to make room for another, unless a request is in flight
    /// on it (checked in the same step, so a request that has just begun is never cut).
    pub fn try_evict(&self) -> bool {
        let mut state = self.state();
        if state.in_flight > 0 || state.evicted {
            return false;
        }
        state.evicted = true;
        drop(state);
        self.changed.notify_one();
        true
    }

    /// Whether the connection was closed to make room for another.
    pub fn evicted(&self) -> bool {
        self.state().evicted
    }

    /// Waits until something that may move the deadline closer happens.
    pub async fn changed(&self) {
        self.changed.notified().await;
    }

    pub(super) fn read(&self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        let mut state = self.state();
        if state.in_flight == 0 && state.header_started.is_none() {
            state.header_started = Some(Instant::now());
            drop(state);
            self.changed.notify_one();
        }
    }

    /// A write moved bytes (`Some(n)`, n > 0) or could not proceed (`None`).
    pub(super) fn wrote(&self, moved: Option<usize>) {
        let mut state = self.state();
        match moved {
            Some(0) => {}
            Some(_) => {
                state.last_write = Some(Instant::now());
                state.write_blocked_since = None;
            }
            None if state.write_blocked_since.is_none() => {
                state.write_blocked_since = Some(Instant::now());
                drop(state);
                self.changed.notify_one();
            }
            None => {}
        }
    }

    /// A request's header has been read: it is in flight until its response is sent.
    pub fn begin(self: &Arc<Self>) -> InFlight {
        let mut state = self.state();
        state.in_flight += 1;
        state.served = true;
        state.header_started = None;
        InFlight(self.clone())
    }

    fn end(&self) {
        let mut state = self.state();
        state.in_flight = state.in_flight.saturating_sub(1);
        if state.in_flight == 0 {
            state.waiting_since = Instant::now();
            state.header_started = None;
            state.write_blocked_since = None;
        }
        drop(state);
        self.changed.notify_one();
    }
}

/// A request in flight; dropped when its response has been sent whole (it rides in
/// the response body) or abandoned.
#[derive(Debug)]
pub struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.end();
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn limits() -> ConnectionLimits {
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_connections: 8,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_new_connection_has_the_header_timeout_from_its_opening() {
        let activity = Activity::new();
        let opened = Instant::now();
        assert_eq!(
            activity.deadline(&limits()),
            Some(opened + Duration::from_secs(10))
        );
        // Trickling the header does not move it.
        tokio::time::advance(Duration::from_secs(5)).await;
        activity.read(b"GET / HT");
        assert_eq!(
            activity.deadline(&limits()),
            Some(opened + Duration::from_secs(10))
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_in_flight_has_no_deadline_until_its_client_stops_reading() {
        let activity = Activity::new();
        let request = activity.begin();
        assert_eq!(activity.deadline(&limits()), None);
        assert_eq!(activity.waiting_since(), None, "a busy connection is kept");
        assert!(!activity.try_evict(), "a busy connection is never evicted");
        activity.wrote(None);
        let blocked = Instant::now();
        tokio::time::advance(Duration::from_secs(1)).await;
        activity.wrote(None);
        assert_eq!(
            activity.deadline(&limits()),
            Some(blocked + Duration::from_secs(60))
        );
        activity.wrote(Some(100));
        assert_eq!(activity.deadline(&limits()), None);
        drop(request);
        assert!(activity.waiting_since().is_some());
        assert!(activity.try_evict());
        assert!(activity.evicted());
        assert!(!activity.try_evict(), "evicted once only");
    }

    #[tokio::test(start_paused = true)]
    async fn after_a_response_the_idle_timeout_runs_from_the_last_byte_sent() {
        let activity = Activity::new();
        drop(activity.begin());
        // The answer still drains to a slow reader after the body was handed over.
        tokio::time::advance(Duration::from_secs(40)).await;
        activity.wrote(Some(4096));
        let last = Instant::now();
        assert_eq!(
            activity.deadline(&limits()),
            Some(last + Duration::from_secs(60))
        );
        tokio::time::advance(Duration::from_secs(30)).await;
        activity.read(b"GET /next");
        assert_eq!(
            activity.deadline(&limits()),
            Some(Instant::now() + Duration::from_secs(10)),
            "a begun header has the header timeout"
        );
    }
}
