//! Accepting connections so that no client can hold the server: a request's header
//! must arrive whole within the header timeout, a keep-alive connection with nothing in
//! flight closes after the idle timeout (so does one whose client stops reading its
//! response), and at most so many connections are open at once. At that cap a new
//! connection closes the one that has waited longest for a request, never one being
//! answered: hundreds of silent or half-sent connections cannot lock out a probe or a
//! person, and they end at their timeout anyway.
//!
//! HTTP/1.1 only: browsers speak it to a plain-HTTP backend and proxies to their
//! upstreams, and HTTP/2's flow control would let a client hold an answer open without
//! the socket ever blocking. The client's address reaches handlers as
//! `ConnectInfo<SocketAddr>`.

mod activity;
mod fd_limit;
mod watched;

use std::{
    collections::HashMap,
    convert::Infallible,
    future::Future,
    io,
    net::SocketAddr,
    pin::Pin,
    sync::{Arc, Mutex},
    task::{Context, Poll},
    time::Duration,
};

use axum::{Router, body::Body, extract::ConnectInfo};
use hyper::body::{Frame, Incoming, SizeHint};
use hyper_util::rt::TokioIo;
use tokio::{net::TcpListener, sync::watch, time::Instant};
use tower::ServiceExt;

use activity::{Activity, InFlight};
pub use fd_limit::connections_within_file_limit;
use watched::Watched;

/// How long clients may take and how many may be connected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// A request's header must arrive whole within this (the first one counted from
    /// the connection's opening).
    pub header_read_timeout: Duration,
    /// A connection with no request in flight, or whose client has stopped reading
    /// its response, is closed after this.
    pub idle_timeout: Duration,
    /// Connections open at once.
    pub max_connections: usize,
}

/// The open connections, by a number of their own.
#[derive(Default)]
struct Open {
    next: u64,
    connections: HashMap<u64, Arc<Activity>>,
}

impl Open {
    /// Makes room for one more connection under `max`: evicts the connection that has
    /// waited longest for a request; `false` when every one is being answered.
    fn make_room(&mut self, max: usize) -> bool {
        if self.connections.len() < max {
            return true;
        }
        let mut waiting: Vec<(Instant, u64)> = self
            .connections
            .iter()
            .filter_map(|(id, activity)| Some((activity.waiting_since()?, *id)))
            .collect();
        waiting.sort_unstable();
        // A connection whose request began since it was listed refuses; the next goes.
        for (_, id) in waiting {
            if self.connections[&id].try_evict() {
                self.connections.remove(&id);
                metrics::counter!("runboard_connections_evicted_total").increment(1);
                return true;
            }
        }
        false
    }
}

/// Serves `router` on `listener` within `limits` until `shutdown` completes; then
/// stops accepting, lets requests in flight finish and closes idle connections.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let open = Arc::new(Mutex::new(Open::default()));
    let (stopping, stop) = watch::channel(false);
    // Every connection task holds a sender; all dropped means all have finished.
    let (alive, mut all_done) = tokio::sync::mpsc::channel::<()>(1);
    tokio::pin!(shutdown);
    let mut last_accept_error: Option<Instant> = None;
    loop {
        let (stream, remote) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) if is_connection_error(&err) => continue,
                Err(err) => {
                    // Out of file descriptors, most likely: free one by closing the
                    // longest-waiting connection, and say so at most once a second.
                    if last_accept_error.is_none_or(|at| at.elapsed() >= Duration::from_secs(1)) {
                        tracing::warn!(error = %err, "cannot accept a connection; closing the longest-idle one");
                        last_accept_error = Some(Instant::now());
                    }
                    let _ = lock(&open).make_room(0);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
        };
        let activity = Activity::new();
        let id = {
            let mut open = lock(&open);
            if !open.make_room(limits.max_connections) {
                metrics::counter!("runboard_connections_refused_total").increment(1);
                continue;
            }
            open.next += 1;
            let id = open.next;
            open.connections.insert(id, activity.clone());
            metrics::gauge!("runboard_connections_open").set(open.connections.len() as f64);
            id
        };
        let _ = stream.set_nodelay(true);
        let connection = Connection {
            router: router.clone(),
            remote,
            activity,
            limits,
        };
        let (open, stop, alive) = (open.clone(), stop.clone(), alive.clone());
        tokio::spawn(async move {
            connection.serve(stream, stop).await;
            let mut open = lock(&open);
            open.connections.remove(&id);
            metrics::gauge!("runboard_connections_open").set(open.connections.len() as f64);
            drop(alive);
        });
    }
    drop(listener);
    let _ = stopping.send(true);
    drop(alive);
    let _ = all_done.recv().await;
    Ok(())
}

fn lock(open: &Mutex<Open>) -> std::sync::MutexGuard<'_, Open> {
    open.lock().unwrap_or_else(|e| e.into_inner())
}

fn is_connection_error(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// One accepted connection.
struct Connection {
    router: Router,
    remote: SocketAddr,
    activity: Arc<Activity>,
    limits: ConnectionLimits,
}

impl Connection {
    /// Serves the connection until it ends, passes a deadline, is evicted, or (after
    /// `stop`) has answered what it was answering.
    async fn serve(self, stream: tokio::net::TcpStream, mut stop: watch::Receiver<bool>) {
        let Connection {
            router,
            remote,
            activity,
            limits,
        } = self;
        let io = TokioIo::new(Watched::new(stream, activity.clone()));
        let requests = activity.clone();
        let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            let in_flight = requests.begin();
            let mut request = request.map(Body::new);
            request.extensions_mut().insert(ConnectInfo(remote));
            let router = router.clone();
            async move {
                let response = router.oneshot(request).await?;
                Ok::<_, Infallible>(response.map(|body| Body::new(Answering { body, in_flight })))
            }
        });
        let mut builder = hyper::server::conn::http1::Builder::new();
        // The watchdog keeps time; hyper's own header timeout would also close a
        // keep-alive connection after the (shorter) header timeout.
        builder.header_read_timeout(None).keep_alive(true);
        let connection = builder.serve_connection(io, service);
        tokio::pin!(connection);
        let mut stopping = false;
        loop {
            let deadline = activity.deadline(&limits);
            tokio::select! {
                result = connection.as_mut() => {
                    if let Err(err) = result {
                        tracing::debug!(error = %err, "connection ended with an error");
                    }
                    return;
                }
                () = sleep_until(deadline) => {
                    if activity.deadline(&limits).is_some_and(|d| d <= Instant::now()) {
                        metrics::counter!("runboard_connections_timed_out_total").increment(1);
                        return;
                    }
                }
                () = activity.changed() => {
                    if activity.evicted() {
                        return;
                    }
                }
                _ = stop.wait_for(|stop| *stop), if !stopping => {
                    // An idle connection closes once what it was sending has left; one
                    // being answered finishes its answer first. The deadlines still
                    // hold, so a header that never completes ends at its timeout.
                    stopping = true;
                    connection.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}

/// A response body that keeps its request counted as in flight until it has been
/// sent whole (or abandoned).
struct Answering {
    body: Body,
    #[allow(dead_code)] // Held for its drop.
    in_flight: InFlight,
}

impl hyper::body::Body for Answering {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn at_the_cap_the_longest_waiting_connection_makes_room() {
        let mut open = Open::default();
        let first = Activity::new();
        tokio::time::advance(Duration::from_secs(1)).await;
        let busy = Activity::new();
        let _answering = busy.begin();
        let second = Activity::new();
        for (id, activity) in [(1, &first), (2, &busy), (3, &second)] {
            open.connections.insert(id, activity.clone());
        }
        assert!(open.make_room(4), "below the cap nothing closes");
        assert!(!first.evicted());
        assert!(open.make_room(3));
        assert!(first.evicted(), "the longest waiting goes first");
        assert!(!busy.evicted() && !second.evicted());
        assert!(open.make_room(2));
        assert!(second.evicted());
        assert!(
            !open.make_room(1),
            "a connection being answered is never closed to make room"
        );
        assert!(!busy.evicted());
    }
}
