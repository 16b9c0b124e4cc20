//! A load generator for a running Runboard (loopback only, bounded in time and
//! requests): N simulated people, each signed in with their own session, each going
//! round the table, a workload page, the overview and the server functions behind
//! them, one request at a time. Reports errors, latency percentiles (all and per
//! request kind) and each server's resident memory over time. Given several servers
//! (replicas), people are spread over them in turn.
//!
//! ```sh
//! scripts/bench-load.sh 200 60      # builds, starts the server, runs this, stops it
//! scripts/bench-load-replicas.sh 200 60 2   # the same over two replicas on one Redis
//! cargo run --release -p server --example load -- --url http://127.0.0.1:3400 \
//!     --users 200 --seconds 60 --pid <server pid>
//! ```

use std::{
    collections::BTreeMap,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use clap::Parser;

mod common;

#[derive(Parser)]
struct Args {
    /// The dashboard, on loopback; several (comma-separated) are replicas of one.
    #[arg(long, default_value = "http://127.0.0.1:3400", value_delimiter = ',')]
    url: Vec<String>,
    /// Sign in with this access key (`id:secret`) instead of as the demo admin.
    #[arg(long)]
    key: Option<String>,
    /// Simulated people, each with a session and one connection.
    #[arg(long, default_value_t = 200)]
    users: usize,
    /// How long to run.
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// Stop after this many requests in all, even before the time is up.
    #[arg(long, default_value_t = 2_000_000)]
    max_requests: u64,
    /// The servers' process ids (comma-separated), to sample their resident memory.
    #[arg(long, value_delimiter = ',')]
    pid: Vec<u32>,
}

/// One kind of request a person's browser makes.
#[derive(Clone, Copy)]
enum Kind {
    TablePage,
    WorkloadPage,
    OverviewPage,
    TableRefresh,
    WorkloadMetrics,
    OverviewTiles,
    Telemetry,
}

const ROUND: [Kind; 7] = [
    Kind::TablePage,
    Kind::TableRefresh,
    Kind::WorkloadPage,
    Kind::WorkloadMetrics,
    Kind::OverviewPage,
    Kind::OverviewTiles,
    Kind::Telemetry,
];

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::TablePage => "GET /workloads?limit=50",
            Kind::WorkloadPage => "GET /workloads/{id}?range=1h",
            Kind::OverviewPage => "GET /overview",
            Kind::TableRefresh => "GET /workloads?limit=50&sortBy=name (refresh)",
            Kind::WorkloadMetrics => "POST /api/workload_metrics",
            Kind::OverviewTiles => "POST /api/overview_tiles",
            Kind::Telemetry => "POST /api/telemetry",
        }
    }

    fn request(self, http: &reqwest::Client, base: &str, id: &str) -> reqwest::RequestBuilder {
        let api = |name: &str| {
            http.post(format!("{base}/api/{name}"))
                .header("sec-fetch-site", "same-origin")
        };
        match self {
            Kind::TablePage => http.get(format!("{base}/workloads?limit=50")),
            Kind::WorkloadPage => http.get(format!("{base}/workloads/{id}?range=1h")),
            Kind::OverviewPage => http.get(format!("{base}/overview")),
            // The table refreshes by loading its own URL again (its island swaps the results in).
            Kind::TableRefresh => http.get(format!("{base}/workloads?limit=50&sortBy=name")),
            Kind::WorkloadMetrics => api("workload_metrics").form(&[
                ("id", id),
                ("range", "range=1h"),
                ("samples", "240"),
                ("inference", "false"),
            ]),
            Kind::OverviewTiles => api("overview_tiles"),
            Kind::Telemetry => {
                api("telemetry").form(&[("query", "telemetryType=GPU_ALLOCATION&groupBy=Phase")])
            }
        }
    }
}

async fn signed_in(base: &str, key: Option<&str>) -> reqwest::Client {
    let http = common::person();
    let form: Vec<(&str, &str)> = match key.and_then(|key| key.split_once(':')) {
        Some((id, secret)) => vec![("client_id", id), ("client_secret", secret)],
        None => vec![("demo", "runboard-admin")],
    };
    let response = http
        .post(format!("{base}/login"))
        .header("sec-fetch-site", "same-origin")
        .form(&form)
        .send()
        .await
        .expect("the dashboard answers");
    assert_eq!(
        response.status(),
        303,
        "sign-in (demo mode, or the --key given)"
    );
    http
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[at]) / 1000.0
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let bases: Vec<String> = args
        .url
        .iter()
        .map(|url| url.trim_end_matches('/').to_owned())
        .collect();
    assert!(
        bases.iter().all(
            |base| base.starts_with("http://127.0.0.1") || base.starts_with("http://localhost")
        ),
        "loopback only"
    );
    let key = args.key.as_deref();
    let base = bases[0].clone();
    let first = signed_in(&base, key).await;
    let page: serde_json::Value = first
        .post(format!("{base}/api/workloads_page"))
        .header("sec-fetch-site", "same-origin")
        .form(&[("query", "filterBy=phase%3D%3DRunning&limit=1")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = page["rows"][0]["id"]
        .as_str()
        .expect("a running workload")
        .to_owned();

    let mut users = Vec::new();
    for n in 0..args.users {
        let base = bases[n % bases.len()].clone();
        users.push((signed_in(&base, key).await, base));
    }
    println!(
        "{} people signed in on {} server(s); running {} s (at most {} requests)",
        args.users,
        bases.len(),
        args.seconds,
        args.max_requests
    );

    let sent = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.seconds);
    let samplers: Vec<_> = args
        .pid
        .iter()
        .map(|&pid| {
            tokio::spawn(async move {
                let mut samples = Vec::new();
                while Instant::now() < deadline {
                    if let Some(kib) = common::rss_kib(pid) {
                        samples.push((started.elapsed().as_secs(), kib));
                    }
                    tokio::time::sleep(Duration::from_secs(5)).await;
                }
                if let Some(kib) = common::rss_kib(pid) {
                    samples.push((started.elapsed().as_secs(), kib));
                }
                (pid, samples)
            })
        })
        .collect();
    let tasks: Vec<_> = users
        .into_iter()
        .enumerate()
        .map(|(n, (http, base))| {
            let (id, sent) = (id.clone(), sent.clone());
            let max = args.max_requests;
            tokio::spawn(async move {
                let mut latencies: Vec<(usize, u32)> = Vec::new();
                let mut errors: Vec<String> = Vec::new();
                let mut step = n; // people start at different points of the round
                while Instant::now() < deadline && sent.fetch_add(1, Ordering::Relaxed) < max {
                    let kind_at = step % ROUND.len();
                    let kind = ROUND[kind_at];
                    step += 1;
                    let t = Instant::now();
                    let outcome = kind.request(&http, &base, &id).send().await;
                    let outcome = match outcome {
                        Ok(response) => {
                            let status = response.status();
                            match response.bytes().await {
                                Ok(_) if status.is_success() => Ok(()),
                                Ok(_) => Err(format!("{} → {status}", kind.name())),
                                Err(err) => Err(format!("{} → {err}", kind.name())),
                            }
                        }
                        Err(err) => Err(format!("{} → {err}", kind.name())),
                    };
                    latencies.push((kind_at, t.elapsed().as_micros() as u32));
                    if let Err(err) = outcome {
                        errors.push(err);
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut by_kind: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
    let mut errors = Vec::new();
    for task in tasks {
        let (latencies, errs) = task.await.unwrap();
        for (kind, micros) in latencies {
            all.push(micros);
            by_kind.entry(kind).or_default().push(micros);
        }
        errors.extend(errs);
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_unstable();
    println!(
        "requests: {}   errors: {}   throughput: {:.0} req/s over {:.1} s",
        all.len(),
        errors.len(),
        all.len() as f64 / elapsed,
        elapsed
    );
    println!(
        "latency ms (all): p50 {:.1}   p90 {:.1}   p99 {:.1}   max {:.1}",
        percentile(&all, 0.5),
        percentile(&all, 0.9),
        percentile(&all, 0.99),
        percentile(&all, 1.0)
    );
    for (kind, mut micros) in by_kind {
        micros.sort_unstable();
        println!(
            "  {:<32} n {:>7}   p50 {:>8.1}   p99 {:>8.1}",
            ROUND[kind].name(),
            micros.len(),
            percentile(&micros, 0.5),
            percentile(&micros, 0.99)
        );
    }
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for error in &errors {
        *kinds.entry(error.as_str()).or_default() += 1;
    }
    for (error, n) in kinds.iter().take(10) {
        println!("  error ×{n}: {error}");
    }
    for sampler in samplers {
        let (pid, samples) = sampler.await.unwrap();
        let line: Vec<String> = samples
            .iter()
            .map(|(s, kib)| format!("{s}s {:.0}", *kib as f64 / 1024.0))
            .collect();
        println!("server {pid} RSS MiB over time: {}", line.join(" · "));
    }
    if !errors.is_empty() {
        std::process::exit(1);
    }
}
