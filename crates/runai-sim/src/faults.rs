//! Fault injection: what a misbehaving control plane does, on demand. Off by default;
//! set at start (flags) or at run time (`PUT /api/v1/sim/faults`, admin only).

use std::{
    sync::{
        RwLock,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};

use super::{Simulator, error_answer::error};

/// The faults in force. Rates are shares of API requests, 0–1.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, clap::Args)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Faults {
    /// Fault: milliseconds added to every API response.
    #[arg(
        long = "fault-latency-ms",
        env = "RUNBOARD_SIM_FAULT_LATENCY_MS",
        default_value_t = 0,
        global = true
    )]
    pub latency_ms: u64,
    /// Fault: share of API requests answered with --fault-error-status.
    #[arg(
        long = "fault-error-rate",
        env = "RUNBOARD_SIM_FAULT_ERROR_RATE",
        default_value_t = 0.0,
        global = true
    )]
    pub error_rate: f64,
    /// Fault: the status of injected errors.
    #[arg(
        long = "fault-error-status",
        env = "RUNBOARD_SIM_FAULT_ERROR_STATUS",
        default_value_t = 500,
        global = true
    )]
    pub error_status: u16,
    /// Fault: every this many seconds, a burst of 503s begins (0 = no bursts).
    #[arg(
        long = "fault-burst-every-s",
        env = "RUNBOARD_SIM_FAULT_BURST_EVERY_S",
        default_value_t = 0,
        global = true
    )]
    pub burst_every_s: u64,
    /// Fault: how long each 503 burst lasts, in seconds.
    #[arg(
        long = "fault-burst-length-s",
        env = "RUNBOARD_SIM_FAULT_BURST_LENGTH_S",
        default_value_t = 0,
        global = true
    )]
    pub burst_length_s: u64,
    /// Fault: share of API requests whose connection is dropped mid-response.
    #[arg(
        long = "fault-drop-rate",
        env = "RUNBOARD_SIM_FAULT_DROP_RATE",
        default_value_t = 0.0,
        global = true
    )]
    pub drop_rate: f64,
    /// Fault: share of API responses cut short (malformed JSON).
    #[arg(
        long = "fault-malformed-rate",
        env = "RUNBOARD_SIM_FAULT_MALFORMED_RATE",
        default_value_t = 0.0,
        global = true
    )]
    pub malformed_rate: f64,
    /// Fault: share of API responses that are valid JSON but break the spec.
    #[arg(
        long = "fault-spec-violation-rate",
        env = "RUNBOARD_SIM_FAULT_SPEC_VIOLATION_RATE",
        default_value_t = 0.0,
        global = true
    )]
    pub spec_violation_rate: f64,
    /// Fault: API requests are never answered (a stuck control plane); only the
    /// client's timeout ends them.
    #[arg(
        long = "fault-hang",
        env = "RUNBOARD_SIM_FAULT_HANG",
        default_value_t = false,
        global = true
    )]
    pub hang: bool,
    /// Fault: the simulator goes down for this many milliseconds: its listening
    /// socket closes (connections are refused) and open connections are dropped.
    /// It comes back by itself, since nobody could reach it to say so.
    #[arg(
        long = "fault-down-for-ms",
        env = "RUNBOARD_SIM_FAULT_DOWN_FOR_MS",
        default_value_t = 0,
        global = true
    )]
    pub down_for_ms: u64,
    /// Fault: the token endpoints answer 503.
    #[arg(
        long = "fault-token-endpoint-down",
        env = "RUNBOARD_SIM_FAULT_TOKEN_ENDPOINT_DOWN",
        default_value_t = false,
        global = true
    )]
    pub token_endpoint_down: bool,
}

impl Default for Faults {
    /// Everything off; an error rate set later answers 500 unless told otherwise.
    fn default() -> Self {
        Self {
            latency_ms: 0,
            error_rate: 0.0,
            error_status: 500,
            burst_every_s: 0,
            burst_length_s: 0,
            drop_rate: 0.0,
            malformed_rate: 0.0,
            spec_violation_rate: 0.0,
            hang: false,
            down_for_ms: 0,
            token_endpoint_down: false,
        }
    }
}

/// The longest added latency: past the dashboard's longest timeout, short of forever.
pub const MAX_LATENCY_MS: u64 = 60_000;
/// The longest outage: a drill, not a way to take the dashboard's upstream away.
pub const MAX_DOWN_FOR_MS: u64 = 5 * 60_000;
/// The longest burst period or length.
pub const MAX_BURST_S: u64 = 3_600;

impl Faults {
    /// The same faults with every duration within its cap, and rates within 0–1, so
    /// that no request (or typo) leaves the simulator stalled or down for good.
    pub fn capped(mut self) -> Self {
        self.latency_ms = self.latency_ms.min(MAX_LATENCY_MS);
        self.down_for_ms = self.down_for_ms.min(MAX_DOWN_FOR_MS);
        self.burst_every_s = self.burst_every_s.min(MAX_BURST_S);
        self.burst_length_s = self.burst_length_s.min(MAX_BURST_S);
        for rate in [
            &mut self.error_rate,
            &mut self.drop_rate,
            &mut self.malformed_rate,
            &mut self.spec_violation_rate,
        ] {
            *rate = if rate.is_finite() {
                rate.clamp(0.0, 1.0)
            } else {
                0.0
            };
        }
        self
    }
}

/// The faults in force, and a deterministic sequence of dice for the rates.
pub struct FaultState {
    faults: RwLock<Faults>,
    dice: AtomicU64,
    /// While set and in the future, the simulator is down (real time: it is about
    /// sockets, not the simulated cluster clock).
    down_until: RwLock<Option<Instant>>,
}

impl FaultState {
    pub fn new(faults: Faults) -> Self {
        let state = Self {
            faults: RwLock::new(Faults::default()),
            dice: AtomicU64::new(0),
            down_until: RwLock::new(None),
        };
        state.set(faults);
        state
    }

    pub fn get(&self) -> Faults {
        self.faults
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Puts `faults` in force, durations capped (see [`Faults::capped`]); a
    /// `down_for_ms` starts an outage now.
    pub fn set(&self, faults: Faults) {
        let faults = faults.capped();
        let down = (faults.down_for_ms > 0)
            .then(|| Instant::now() + Duration::from_millis(faults.down_for_ms));
        *self.down_until.write().unwrap_or_else(|p| p.into_inner()) = down;
        *self.faults.write().unwrap_or_else(|p| p.into_inner()) = faults;
    }

    /// When the current outage ends, if the simulator is down.
    pub fn down_until(&self) -> Option<Instant> {
        let until = *self.down_until.read().unwrap_or_else(|p| p.into_inner());
        until.filter(|until| *until > Instant::now())
    }

    /// The next roll in `[0, 1)`: a hash of a counter, so a drill is repeatable.
    fn roll(&self) -> f64 {
        let n = self.dice.fetch_add(1, Ordering::Relaxed);
        super::rng::Rng::new(n).unit()
    }
}

/// Applies only the latency fault (to the token endpoints).
pub async fn slow_down(
    State(sim): State<std::sync::Arc<Simulator>>,
    request: Request,
    next: Next,
) -> Response {
    let latency_ms = sim.faults.get().latency_ms;
    if latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(latency_ms)).await;
    }
    next.run(request).await
}

/// Applies the faults in force to one API request.
pub async fn inject(
    State(sim): State<std::sync::Arc<Simulator>>,
    request: Request,
    next: Next,
) -> Response {
    let faults = sim.faults.get();
    if faults.hang {
        std::future::pending::<()>().await;
    }
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    if faults.burst_every_s > 0 && faults.burst_length_s > 0 {
        let second = (sim.now_ms() / 1000) as u64;
        if second % faults.burst_every_s < faults.burst_length_s {
            return error(
                StatusCode::SERVICE_UNAVAILABLE,
                "the control plane is overloaded (injected 503 burst)",
            );
        }
    }
    if sim.faults.roll() < faults.error_rate {
        let status =
            StatusCode::from_u16(faults.error_status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return error(status, "injected error");
    }
    if sim.faults.roll() < faults.drop_rate {
        return dropped_connection();
    }
    let response = next.run(request).await;
    let malformed = sim.faults.roll() < faults.malformed_rate;
    let violating = sim.faults.roll() < faults.spec_violation_rate;
    if !response.status().is_success() || !(malformed || violating) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = if violating {
        Bytes::from_static(
            br#"{"workloads":"not a list","count":"many","measurements":null,"values":7}"#,
        )
    } else {
        let bytes = axum::body::to_bytes(body, usize::MAX)
            .await
            .unwrap_or_default();
        bytes.slice(..bytes.len() / 2)
    };
    Response::from_parts(parts, Body::from(body))
}

/// A response whose body fails, which makes hyper abort the connection mid-response.
pub(super) fn dropped_connection() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<Bytes, _>(std::io::Error::other("injected connection drop"))
    });
    (StatusCode::OK, Body::from_stream(failing)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_rates_are_capped() {
        let faults = Faults {
            latency_ms: u64::MAX,
            down_for_ms: 24 * 3_600_000,
            burst_every_s: 1_000_000,
            burst_length_s: 1_000_000,
            error_rate: 7.0,
            drop_rate: f64::NAN,
            malformed_rate: -1.0,
            ..Faults::default()
        }
        .capped();
        assert_eq!(faults.latency_ms, MAX_LATENCY_MS);
        assert_eq!(faults.down_for_ms, MAX_DOWN_FOR_MS);
        assert_eq!(
            (faults.burst_every_s, faults.burst_length_s),
            (MAX_BURST_S, MAX_BURST_S)
        );
        assert_eq!(
            (faults.error_rate, faults.drop_rate, faults.malformed_rate),
            (1.0, 0.0, 0.0)
        );
        let state = FaultState::new(Faults {
            down_for_ms: u64::MAX,
            ..Faults::default()
        });
        let until = state.down_until().expect("down now");
        assert!(until <= Instant::now() + Duration::from_millis(MAX_DOWN_FOR_MS));
    }
}
