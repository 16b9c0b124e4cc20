//! The ledger at scale: backfilling a week of a 2,000-workload simulated cluster (time,
//! upstream calls, store size), and the page's report over 30 days of 2,000 workloads at
//! three densities.
//!
//! `cargo bench -p ledger --bench ledger` prints the figures BENCHMARKS.md holds. With
//! `RUNBOARD_TEST_POSTGRES_URL` set (scripts/postgres.sh starts one) the report is also
//! timed on PostgreSQL.

use std::{
    collections::BTreeMap,
    sync::Arc,
    time::{Duration, Instant},
};

use ledger::{
    calendar::HOUR_MS,
    collector::{Clock, Collector, CollectorSettings, Round},
    store::{Grouping, ReportQuery, Store, WorkloadFacts},
    summary::GpuSeconds,
};
use runai::{
    Secret,
    client::{ClientConfig, Credentials, RunaiClient},
};
use runai_sim::testing::{Sim, admin_known};

const DAY_MS: i64 = 24 * HOUR_MS;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn size_of(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum()
}

async fn backfill() {
    let sim = Sim::start_now_with(runai_sim::SimSettings {
        workloads: 2_000,
        ..admin_known()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(dir.path()).await.unwrap();
    let clock = sim.clock.clone();
    let now: Clock = Arc::new(move || {
        use runai_sim::Clock as _;
        clock.now_ms()
    });
    let mut config = ClientConfig::new(&sim.url);
    config.cache_ttl = Duration::ZERO;
    let mut collector = Collector::new(
        RunaiClient::new(config).unwrap(),
        store.clone(),
        CollectorSettings {
            credentials: Credentials::access_key("runboard-admin", Secret::new("runboard-admin")),
            calls_per_minute: 1_000_000,
            backfill_days: 7,
            retention_days: 90,
            idle_threshold_percent: 5.0,
            stall_ms: ledger::gpu_state::DEFAULT_STALL_MS,
        },
        now,
    );
    let started = Instant::now();
    let round = collector.collect_once().await.unwrap();
    let took = started.elapsed();
    let Round::Completed { workloads, .. } = round else {
        panic!("{round:?}")
    };
    let rows = store.row_count().await.unwrap();
    println!(
        "| backfill 7 days, 2,000-workload simulated cluster, SQLite, unthrottled | {:.1} s | {} upstream calls ({workloads} workloads held GPUs) | {rows} hourly rows, {:.1} MB on disk |",
        took.as_secs_f64(),
        collector.calls(),
        size_of(dir.path()) as f64 / 1e6,
    );
    let per_minute = 120.0;
    println!(
        "| the same at the default budget (120 calls/min) | {:.0} min (calls ÷ budget) | | |",
        collector.calls() as f64 / (per_minute * 5.0 / 6.0)
    );
}

/// How the report's 2,000 workloads hold GPUs.
#[derive(Clone, Copy)]
struct Density {
    what: &'static str,
    /// The days before `to_ms` the hours fall in.
    span_days: i64,
    /// Each workload's hours, from a random start.
    hours_each: i64,
    /// The report's window, as days before `to_ms`.
    window_days: (i64, i64),
}

const DENSITIES: [Density; 3] = [
    Density {
        what: "last 30 days, 12 GPU-hours per workload",
        span_days: 30,
        hours_each: 12,
        window_days: (30, 0),
    },
    Density {
        what: "last 30 days, every workload holding GPUs every hour",
        span_days: 30,
        hours_each: 720,
        window_days: (30, 0),
    },
    Density {
        what: "30 days inside 50 in which every workload holds GPUs every hour",
        span_days: 50,
        hours_each: 1_200,
        window_days: (40, 10),
    },
];

/// 2,000 workloads over `span_days` before `to_ms`: each runs `hours_each` hours from a
/// random start.
async fn fill(store: &Store, to_ms: i64, span_days: i64, hours_each: i64) -> i64 {
    let mut rng = 42u64;
    let mut next = || {
        rng = rng
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        rng >> 33
    };
    let projects = [
        ("11", "llm-pretrain", "1", "research"),
        ("12", "vision", "1", "research"),
        ("13", "speech", "1", "research"),
        ("21", "infra-tests", "2", "platform"),
        ("22", "ci-gpu", "2", "platform"),
        ("31", "recsys", "3", "applied-ml"),
        ("32", "forecasting", "3", "applied-ml"),
        ("41", "chat-serving", "4", "inference"),
        ("42", "embeddings", "4", "inference"),
    ];
    let from_ms = to_ms - span_days * DAY_MS;
    let mut rows = 0;
    for i in 0..2_000u64 {
        let (pid, pname, did, dname) = projects[(next() % 9) as usize];
        let facts = WorkloadFacts {
            id: format!("00000000-0000-4000-8000-{i:012}"),
            name: format!("{pname}-job-{i}"),
            cluster_id: "c".into(),
            project_id: pid.into(),
            project_name: pname.into(),
            department_id: did.into(),
            department_name: dname.into(),
            submitted_by: format!("user{}@x", next() % 12),
            nodepool: ["default", "h100-80gb", "a100-40gb"][(next() % 3) as usize].into(),
        };
        let hours = hours_each.min(span_days * 24);
        let start = from_ms + ((next() as i64) % (span_days * 24 - hours + 1)) * HOUR_MS;
        let gpus = [1.0, 2.0, 4.0, 8.0][(next() % 4) as usize];
        let idle = (next() % 100) as f64 / 100.0;
        let by_hour: BTreeMap<i64, GpuSeconds> = (0..hours)
            .map(|h| {
                (
                    start + h * HOUR_MS,
                    GpuSeconds {
                        allocated: gpus * 3600.0,
                        idle: gpus * 3600.0 * idle,
                        used: gpus * 3600.0 * (1.0 - idle) * 0.7,
                    },
                )
            })
            .collect();
        rows += by_hour.len() as i64;
        store.record(&facts, &by_hour, to_ms).await.unwrap();
    }
    rows
}

async fn report(label: &str, store: &Store, to_ms: i64, density: Density) {
    let rows = fill(store, to_ms, density.span_days, density.hours_each).await;
    let visible: Vec<String> = ["11", "12", "13", "21", "22", "31", "32", "41", "42"]
        .map(str::to_owned)
        .to_vec();
    for grouping in [Grouping::Project, Grouping::Person] {
        let query = ReportQuery {
            from_ms: to_ms - density.window_days.0 * DAY_MS,
            to_ms: to_ms - density.window_days.1 * DAY_MS,
            grouping,
            projects: Some(visible.clone()),
        };
        store.report(&query).await.unwrap();
        let times: Vec<Duration> = {
            let mut times = Vec::new();
            for _ in 0..15 {
                let started = Instant::now();
                std::hint::black_box(store.report(&query).await.unwrap());
                times.push(started.elapsed());
            }
            times
        };
        println!(
            "| report, 2,000 workloads, {} ({rows} hourly rows), by {grouping:?}, {label} | {:.1} ms (median of 15) | | |",
            density.what,
            median(times).as_secs_f64() * 1000.0
        );
    }
}

#[tokio::main]
async fn main() {
    println!("| what | time | calls | store |");
    println!("| --- | ---: | --- | --- |");
    backfill().await;
    let to_ms = 1_795_000_000_000 / HOUR_MS * HOUR_MS;
    for density in DENSITIES {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in(dir.path()).await.unwrap();
        report("SQLite", &store, to_ms, density).await;
    }
    if let Ok(server) = std::env::var("RUNBOARD_TEST_POSTGRES_URL") {
        for density in DENSITIES {
            let url = Store::new_postgres_database(&server, "bench")
                .await
                .unwrap();
            let store = Store::open(&url).await.unwrap();
            report("PostgreSQL", &store, to_ms, density).await;
        }
    }
}
