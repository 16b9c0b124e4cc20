//! A simulated cluster behind a recording proxy, and collectors for it, shared by the
//! collector's and the replicas' tests.

use std::{sync::Arc, time::Duration};

use ledger::{
    calendar::HOUR_MS,
    collector::{Clock, Collector, CollectorSettings},
    store::{Grouping, ReportQuery, Store},
};
use runai::{
    Secret,
    client::{BreakerConfig, ClientConfig, Credentials, RetryPolicy, RunaiClient},
};
use runai_sim::testing::{Sim, admin_known};

use super::common::Proxy;

pub const DAY_MS: i64 = 24 * HOUR_MS;

/// A simulated cluster of 150 workloads started now, behind a recording proxy.
pub async fn cluster() -> (Sim, Proxy) {
    let sim = Sim::start_now_with(runai_sim::SimSettings {
        workloads: 150,
        ..admin_known()
    })
    .await;
    let proxy = Proxy::start(sim.url.clone()).await;
    (sim, proxy)
}

/// A client that fails at once (no retries, no open circuit), so drills are exact.
fn client(url: &str) -> RunaiClient {
    let mut config = ClientConfig::new(url);
    config.retry = RetryPolicy {
        max_attempts: 1,
        ..config.retry
    };
    config.breaker = BreakerConfig {
        failure_threshold: u32::MAX,
        ..config.breaker
    };
    config.cache_ttl = Duration::ZERO;
    RunaiClient::new(config).unwrap()
}

/// A collector on `store` at the default idle threshold, unthrottled in practice.
pub fn collector(sim: &Sim, url: &str, store: Store) -> Collector {
    collector_counting_at(sim, url, store, 5.0)
}

/// A collector configured with the idle threshold `idle_threshold_percent`.
pub fn collector_counting_at(
    sim: &Sim,
    url: &str,
    store: Store,
    idle_threshold_percent: f64,
) -> Collector {
    let clock = sim.clock.clone();
    let now: Clock = Arc::new(move || {
        use runai_sim::Clock as _;
        clock.now_ms()
    });
    Collector::new(
        client(url),
        store,
        CollectorSettings {
            credentials: Credentials::access_key("runboard-admin", Secret::new("runboard-admin")),
            calls_per_minute: 100_000,
            backfill_days: 7,
            retention_days: 30,
            idle_threshold_percent,
            stall_ms: ledger::gpu_state::DEFAULT_STALL_MS,
        },
        now,
    )
}

/// The week before `to_ms`, by project, every project visible.
pub fn whole_week(to_ms: i64) -> ReportQuery {
    ReportQuery {
        from_ms: to_ms - 7 * DAY_MS,
        to_ms,
        grouping: Grouping::Project,
        projects: None,
    }
}
