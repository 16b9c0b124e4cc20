//! The "upstream down" fault: while an outage lasts, the simulator's listening socket is
//! closed (new connections are refused, as by a stopped server) and requests on
//! connections opened before are dropped; afterwards it listens again at the same
//! address. Started by `downForMs` in the faults ([`super::faults`]).

use std::time::Duration;

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};

use super::{Simulator, faults::dropped_connection};

/// While the simulator is down, drops every request on a connection opened before
/// (new connections are refused by [`OutageListener`]).
pub async fn outage(
    State(sim): State<std::sync::Arc<Simulator>>,
    request: Request,
    next: Next,
) -> Response {
    if sim.faults.down_until().is_some() {
        return dropped_connection();
    }
    next.run(request).await
}

/// The simulator's listening socket, closed during an outage so connections are
/// refused as by a stopped server, and bound again at the same address afterwards.
pub struct OutageListener {
    addr: std::net::SocketAddr,
    socket: Option<tokio::net::TcpListener>,
    sim: std::sync::Arc<Simulator>,
}

impl OutageListener {
    pub fn new(listener: tokio::net::TcpListener, sim: std::sync::Arc<Simulator>) -> Self {
        Self {
            addr: listener
                .local_addr()
                .expect("a bound listener has an address"),
            socket: Some(listener),
            sim,
        }
    }
}

impl axum::serve::Listener for OutageListener {
    type Io = tokio::net::TcpStream;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            if let Some(until) = self.sim.faults.down_until() {
                self.socket = None;
                tokio::time::sleep_until(until.into()).await;
                continue;
            }
            let socket = match &self.socket {
                Some(socket) => socket,
                None => match tokio::net::TcpListener::bind(self.addr).await {
                    Ok(socket) => self.socket.insert(socket),
                    Err(err) => {
                        tracing::warn!("the simulator cannot listen again yet: {err}");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                },
            };
            // Look at the outage flag at least every 50 ms while waiting.
            tokio::select! {
                accepted = socket.accept() => match accepted {
                    Ok(connection) => return connection,
                    Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                },
                () = tokio::time::sleep(Duration::from_millis(50)) => {}
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.addr)
    }
}
