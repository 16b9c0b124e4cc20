//! The embedded Run:ai control-plane simulator.
//!
//! A seeded, living cluster served over real HTTP exactly as
//! `data/runai/openapi.json` specifies, with Run:ai's token endpoints, demo
//! identities scoped by department, metrics replayed from a real H100 trace, and
//! fault injection for drills. `runboard` starts it in-process when no Run:ai URL is
//! configured; `runboard sim` runs it alone for any HTTP client.
//!
//! - [`cluster`]: the workloads and the list/count/get answers; [`generate`] makes them
//!   from a seed, [`scheduler`] places them on node pools' GPUs as capacity and quotas
//!   allow, and [`lifecycle`] reads where each is at the clock's instant.
//! - [`http`] and `tokens`: the endpoints; [`auth`]: identities and JWTs.
//! - [`telemetry`], [`metrics`] (with [`trace`]): the numbers.
//! - [`faults`]: what a misbehaving control plane does, on demand; [`outage`]: being
//!   down altogether.

mod activity;
pub mod auth;
mod catalog;
pub mod cluster;
mod error_answer;
pub mod faults;
mod fields;
pub mod generate;
pub mod http;
mod latency;
pub mod lifecycle;
mod materialize;
pub mod metrics;
pub mod org;
pub mod outage;
mod rng;
pub mod scheduler;
mod strict_query;
pub mod telemetry;
#[cfg(feature = "testing")]
pub mod testing;
pub mod timeline;
mod tokens;
pub mod trace;

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicI64, Ordering},
    },
};

use clap::Args;
use runai::{Secret, client::Credentials};
use tokio::net::TcpListener;

use self::{
    auth::Identities,
    auth::Tokens,
    cluster::Cluster,
    faults::{FaultState, Faults},
};

/// The simulator's settings (`runboard --help`, "Simulator" section).
#[derive(Clone, Debug, Args)]
#[command(next_help_heading = "Simulator (embedded when no RUNAI_URL is set, or `runboard sim`)")]
pub struct SimSettings {
    /// Seed of the simulated cluster: the same seed gives the same cluster.
    #[arg(
        long = "sim-seed",
        env = "RUNBOARD_SIM_SEED",
        default_value_t = 42,
        global = true
    )]
    pub seed: u64,
    /// Workloads in the cluster's week of history at start-up (new ones keep arriving
    /// at the same rate).
    #[arg(
        long = "sim-workloads",
        env = "RUNBOARD_SIM_WORKLOADS",
        default_value_t = 2_000,
        global = true
    )]
    pub workloads: u64,
    /// Lifetime of the access tokens the simulator issues, in seconds.
    #[arg(
        long = "sim-token-lifetime-secs",
        env = "RUNBOARD_SIM_TOKEN_LIFETIME_SECS",
        default_value_t = 3600,
        global = true
    )]
    pub token_lifetime_secs: i64,
    /// Client ID of the simulator's admin access key.
    #[arg(
        long = "sim-admin-client-id",
        env = "RUNBOARD_SIM_ADMIN_CLIENT_ID",
        default_value = "runboard-admin",
        global = true
    )]
    pub admin_client_id: String,
    /// Secret of the simulator's admin access key [default: drawn at random at each
    /// start and never printed; the embedded dashboard holds it].
    #[arg(
        long = "sim-admin-client-secret",
        env = "RUNBOARD_SIM_ADMIN_CLIENT_SECRET",
        hide_env_values = true,
        global = true
    )]
    pub admin_client_secret: Option<Secret>,
    /// Faults injected from the start (all off by default).
    #[command(flatten)]
    pub faults: Faults,
}

impl Default for SimSettings {
    fn default() -> Self {
        Self {
            seed: 42,
            workloads: 2_000,
            token_lifetime_secs: 3600,
            admin_client_id: "runboard-admin".to_owned(),
            admin_client_secret: None,
            faults: Faults {
                error_status: 500,
                ..Faults::default()
            },
        }
    }
}

/// Where the simulator's time comes from.
pub trait Clock: Send + Sync + 'static {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;
}

/// The machine's clock: the cluster lives in real time.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        chrono::Utc::now().timestamp_millis()
    }
}

/// A clock tests move by hand.
pub struct ManualClock(AtomicI64);

impl ManualClock {
    pub fn new(now_ms: i64) -> Arc<Self> {
        Arc::new(Self(AtomicI64::new(now_ms)))
    }

    pub fn advance(&self, ms: i64) {
        self.0.fetch_add(ms, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// A simulated control plane.
pub struct Simulator {
    pub cluster: Cluster,
    pub identities: Identities,
    pub tokens: Tokens,
    pub faults: FaultState,
    /// The admin access key (its secret configured or drawn at start).
    admin: Credentials,
    clock: Arc<dyn Clock>,
}

impl Simulator {
    /// Generates the cluster and identities for `settings`, starting at the clock's now.
    pub fn new(settings: &SimSettings, clock: Arc<dyn Clock>) -> Arc<Self> {
        let cluster = Cluster::new(settings.seed, settings.workloads, clock.now_ms());
        let admin_secret = settings
            .admin_client_secret
            .clone()
            .unwrap_or_else(|| Secret::new(auth::random_secret()));
        let identities = Identities::demo(
            &settings.admin_client_id,
            admin_secret.expose(),
            &cluster.org,
        );
        Arc::new(Self {
            cluster,
            identities,
            admin: Credentials::access_key(settings.admin_client_id.clone(), admin_secret),
            tokens: Tokens::new(settings.token_lifetime_secs),
            faults: FaultState::new(settings.faults.clone()),
            clock,
        })
    }

    /// The simulator's now.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// The HTTP API.
    pub fn router(self: &Arc<Self>) -> axum::Router {
        http::router(self.clone())
    }

    /// The admin access key, which the embedded dashboard uses in demo mode.
    pub fn admin_credentials(&self) -> Credentials {
        self.admin.clone()
    }

    /// Logs the demo identities, so a person can sign in with them.
    pub fn announce(&self, url: &str) {
        tracing::info!(
            "Run:ai simulator at {url} ({} workloads, seed {})",
            self.cluster.len(),
            self.cluster.seed
        );
        for (id, secret, description) in self.identities.keys() {
            // The demo keys' secrets equal their ids and are public; the admin's secret
            // (random, or configured) is never written to the log: only that it exists.
            let secret = if secret == id {
                format!("secret {secret:?}")
            } else {
                "secret random per start unless --sim-admin-client-secret sets it; never \
                 printed"
                    .to_owned()
            };
            tracing::info!("  demo access key: client ID {id:?}, {secret} ({description})");
        }
    }
}

/// Serves `sim` on `listener` in the background; returns the address.
pub fn spawn(sim: Arc<Simulator>, listener: TcpListener) -> std::io::Result<SocketAddr> {
    let addr = listener.local_addr()?;
    let router = sim.router();
    let listener = outage::OutageListener::new(listener, sim);
    tokio::spawn(async move {
        if let Err(err) = axum::serve(listener, router).await {
            tracing::error!("the embedded simulator stopped: {err}");
        }
    });
    Ok(addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_admin_secret_is_random_unless_configured() {
        let clock = || -> Arc<dyn Clock> { ManualClock::new(0) };
        let settings = SimSettings {
            workloads: 1,
            ..SimSettings::default()
        };
        let first = Simulator::new(&settings, clock()).admin_credentials();
        let second = Simulator::new(&settings, clock()).admin_credentials();
        assert_ne!(first, second, "a new secret at each start");
        assert_eq!(first.principal(), "runboard-admin");
        assert_ne!(
            first,
            Credentials::access_key("runboard-admin", Secret::new("runboard-admin"))
        );
        let configured = SimSettings {
            admin_client_secret: Some(Secret::new("chosen")),
            ..settings
        };
        assert_eq!(
            Simulator::new(&configured, clock()).admin_credentials(),
            Credentials::access_key("runboard-admin", Secret::new("chosen"))
        );
    }
}
