//! The server-side ratio figures of BENCHMARKS.md in one run, against a running dashboard in
//! `user` mode and the Run:ai control plane it calls (loopback only):
//!
//! 1. the raw upstream list call (`GET /api/v1/workloads?limit=50` with a bearer
//!    token) as fast as `--concurrency` connections can ask, in requests/s;
//! 2. the dashboard's server-rendered `GET /workloads?limit=50` with the same number
//!    of signed-in people, in requests/s, and the ratio of the two;
//! 3. the dashboard's resident memory once `--sessions` people have signed in and
//!    each opened the table;
//! 4. what each kind of request costs, as requests/s and as a share of `/healthz`'s in
//!    the same run: a hashed stylesheet, the sign-in page, the signed-in table.
//!
//! ```sh
//! scripts/bench-ratios.sh      # starts a 100,000-workload simulator and the dashboard
//! ```

use std::{
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
    /// The dashboard, in `user` sign-in mode.
    #[arg(long, default_value = "http://127.0.0.1:3411")]
    dashboard: String,
    /// The Run:ai control plane the dashboard calls.
    #[arg(long, default_value = "http://127.0.0.1:3410")]
    upstream: String,
    /// An access key for both.
    #[arg(long, default_value = "runboard-admin")]
    client_id: String,
    #[arg(long, default_value = "runboard-admin")]
    client_secret: String,
    /// Connections (and people) asking at once in the throughput phases.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Seconds per throughput phase.
    #[arg(long, default_value_t = 15)]
    seconds: u64,
    /// People signed in for the memory figure.
    #[arg(long, default_value_t = 1000)]
    sessions: usize,
    /// The dashboard's process id.
    #[arg(long)]
    pid: u32,
    /// The control plane's process id (when it is local), for its memory too.
    #[arg(long)]
    upstream_pid: Option<u32>,
    /// Only the request-cost phase, only for this kind of request (`/healthz`,
    /// `stylesheet`, `sign-in`, `table`), for `--seconds`: a steady load to profile.
    #[arg(long)]
    only: Option<String>,
}

const TABLE: &str = "/workloads?limit=50";
const LIST: &str = "/api/v1/workloads?limit=50";

/// A person signed in to the dashboard with the access key.
async fn signed_in(args: &Args) -> reqwest::Client {
    let http = common::person();
    let response = http
        .post(format!("{}/login", args.dashboard))
        .header("sec-fetch-site", "same-origin")
        .form(&[
            ("client_id", args.client_id.as_str()),
            ("client_secret", args.client_secret.as_str()),
        ])
        .send()
        .await
        .expect("the dashboard answers");
    assert_eq!(
        response.status(),
        303,
        "sign-in (is the dashboard in user mode?)"
    );
    http
}

async fn token(args: &Args) -> String {
    let answer: serde_json::Value = common::person()
        .post(format!("{}/api/v1/token", args.upstream))
        .json(&serde_json::json!({
            "grantType": "client_credentials",
            "clientId": args.client_id,
            "clientSecret": args.client_secret,
        }))
        .send()
        .await
        .expect("the control plane answers")
        .json()
        .await
        .expect("a token answer");
    answer["accessToken"]
        .as_str()
        .expect("accessToken")
        .to_owned()
}

/// Requests/s and errors of `requests` asked in a closed loop, one per client.
async fn throughput(requests: Vec<reqwest::RequestBuilder>, seconds: u64) -> (f64, u64) {
    let done = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|request| {
            let (done, failed) = (done.clone(), failed.clone());
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    let ok = match request.try_clone().unwrap().send().await {
                        Ok(response) => {
                            let status = response.status();
                            response.bytes().await.is_ok() && status.is_success()
                        }
                        Err(_) => false,
                    };
                    let counter = if ok { &done } else { &failed };
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let rate = done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();
    (rate, failed.load(Ordering::Relaxed))
}

fn rss_mib(pid: u32) -> f64 {
    common::rss_kib(pid).unwrap_or(0) as f64 / 1024.0
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    for url in [&args.dashboard, &args.upstream] {
        assert!(url.starts_with("http://127.0.0.1"), "loopback only: {url}");
    }

    if let Some(only) = &args.only {
        return request_costs(&args, &[], Some(only)).await;
    }

    // 1. The raw upstream call.
    let bearer = format!("Bearer {}", token(&args).await);
    let raw_requests = (0..args.concurrency)
        .map(|_| {
            common::person()
                .get(format!("{}{LIST}", args.upstream))
                .header("authorization", bearer.as_str())
        })
        .collect();
    let (raw, raw_errors) = throughput(raw_requests, args.seconds).await;
    println!("upstream GET {LIST}: {raw:.1} req/s ({raw_errors} errors)");

    // 2. The server-rendered table, same concurrency, each person signed in.
    let mut people = Vec::new();
    for _ in 0..args.concurrency {
        people.push(signed_in(&args).await);
    }
    let page_requests = people
        .iter()
        .map(|http| http.get(format!("{}{TABLE}", args.dashboard)))
        .collect();
    let (ssr, ssr_errors) = throughput(page_requests, args.seconds).await;
    println!("dashboard GET {TABLE} (SSR): {ssr:.1} req/s ({ssr_errors} errors)");
    println!(
        "ratio SSR ÷ upstream: {:.2} (goal ≥ 1.0 with coalescing)",
        ssr / raw
    );

    // 3. Memory with many sessions, each having opened the table once.
    let before = rss_mib(args.pid);
    let started = Instant::now();
    let mut opened = people.len();
    while opened < args.sessions {
        let batch: Vec<_> = (opened..args.sessions.min(opened + 50))
            .map(|_| {
                let args = &args;
                async move {
                    let http = signed_in(args).await;
                    let response = http
                        .get(format!("{}{TABLE}", args.dashboard))
                        .send()
                        .await
                        .unwrap();
                    assert!(response.status().is_success(), "{}", response.status());
                    response.bytes().await.unwrap();
                    http
                }
            })
            .collect();
        opened += batch.len();
        people.extend(futures_util::future::join_all(batch).await);
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    println!(
        "dashboard RSS: {before:.0} MiB after the throughput phases, {:.0} MiB with {} sessions \
         that each opened the table ({:.0} s to sign them in)",
        rss_mib(args.pid),
        people.len(),
        started.elapsed().as_secs_f64()
    );
    if let Some(pid) = args.upstream_pid {
        println!("control plane RSS: {:.0} MiB", rss_mib(pid));
    }

    request_costs(&args, &people, None).await;
}

/// 4. Request costs, each against /healthz's rate in this run; as a browser asks.
async fn request_costs(args: &Args, people: &[reqwest::Client], only: Option<&str>) {
    let mut people = people.to_vec();
    while people.len() < args.concurrency {
        people.push(signed_in(args).await);
    }
    let login = common::person()
        .get(format!("{}/login", args.dashboard))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let css = login
        .split('"')
        .find(|part| part.starts_with("/pkg/") && part.ends_with(".css"))
        .expect("the sign-in page links its stylesheet")
        .to_owned();
    let browser_asks = |http: &reqwest::Client, path: &str| {
        http.get(format!("{}{path}", args.dashboard))
            .header("accept-encoding", "gzip, deflate, br, zstd")
    };
    let mut rates = Vec::new();
    for (name, path, signed_in) in [
        ("/healthz", "/healthz", false),
        ("hashed stylesheet", css.as_str(), false),
        ("sign-in page", "/login", false),
        ("signed-in table", TABLE, true),
    ] {
        if only.is_some_and(|only| !name.contains(only)) {
            continue;
        }
        let requests = (0..args.concurrency)
            .map(|i| match signed_in {
                true => browser_asks(&people[i], path),
                false => browser_asks(&common::person(), path),
            })
            .collect();
        let (rate, errors) = throughput(requests, args.seconds).await;
        rates.push(rate);
        match only {
            Some(_) => println!("{name} ({path}): {rate:.0} req/s ({errors} errors)"),
            None => println!(
                "cost: {name} ({path}): {rate:.0} req/s, {:.3} × /healthz ({errors} errors)",
                rate / rates[0]
            ),
        }
    }
}
