//! Bad input at the HTTP level: 10,000 malformed requests (random query strings,
//! oversized values and headers, bad percent-escapes, wrong methods, huge and garbled
//! bodies to server functions, odd paths) against the real server signed in as the
//! demo admin. Every answer is below 500, every 4xx says why, and nothing panics.

mod common;

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use common::TestServer;
use futures_util::StreamExt;
use reqwest::Method;

const REQUESTS: usize = 10_000;
/// Marks an attempt whose body of this many bytes goes through [`huge_body`].
const HUGE: &str = "x-test-huge-body";

/// POSTs `length` bytes as a careful client does: the headers first, then the answer is
/// read before the body is sent (a server refusing a body answers before reading it, and
/// a client that keeps writing sees a reset instead of the answer). Status and body.
async fn huge_body(base: &str, path: &str, length: usize) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nhost: {host}\r\nsec-fetch-site: same-origin\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: {length}\r\nconnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer);
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, body.to_owned())
}

/// One malformed request.
struct Attempt {
    method: Method,
    path: String,
    headers: Vec<(String, String)>,
    body: Option<(String, Vec<u8>)>,
}

impl Attempt {
    fn get(path: String) -> Self {
        Self {
            method: Method::GET,
            path,
            headers: vec![],
            body: None,
        }
    }
}

const PAGES: [&str; 7] = [
    "/workloads",
    "/overview",
    "/trace",
    "/login",
    "/export/workloads.csv",
    "/export/telemetry.csv",
    "/workloads/0b0c51a4-0000-4000-8000-000000000001",
];
const SERVER_FNS: [&str; 7] = [
    "workloads_page",
    "workload",
    "workload_metrics",
    "overview_tiles",
    "telemetry",
    "trace_series",
    "identity",
];
const KEYS: [&str; 16] = [
    "filterBy",
    "sortBy",
    "sortOrder",
    "offset",
    "limit",
    "search",
    "deleted",
    "columns",
    "refresh",
    "range",
    "from",
    "to",
    "groupBy",
    "telemetryType",
    "next",
    "back",
];
const PIECES: [&str; 24] = [
    "%",
    "%zz",
    "%FF%FE",
    "%C0%AF",
    "%E2%82",
    "%00",
    "==",
    "=@",
    ">=",
    "<",
    ",",
    ";",
    "&&",
    "phase==Running",
    "name=@a,b",
    "allocatedGPU>=x",
    "-1",
    "99999999999999999999",
    "NaN",
    "1e309",
    "2026-13-45T99:99:99Z",
    "<script>",
    "\u{1F600}",
    "../../etc/passwd",
];

fn junk(rng: &mut fastrand::Rng, max: usize) -> String {
    let n = rng.usize(0..=max);
    (0..n)
        .map(|_| match rng.u8(0..4) {
            0 => PIECES[rng.usize(..PIECES.len())].to_owned(),
            1 => rng.alphanumeric().to_string(),
            2 => format!("%{:02X}", rng.u8(..)),
            _ => ["=", "&", "?", "#", "+", " "][rng.usize(..6)].to_owned(),
        })
        .collect()
}

fn query(rng: &mut fastrand::Rng) -> String {
    (0..rng.usize(1..6))
        .map(|_| {
            let key = if rng.bool() {
                KEYS[rng.usize(..KEYS.len())].to_owned()
            } else {
                junk(rng, 3)
            };
            format!("{key}={}", junk(rng, 6))
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The `i`-th request of the run: deterministic for a seed.
fn attempt(rng: &mut fastrand::Rng) -> Attempt {
    match rng.u8(0..10) {
        // Random query strings on every page and export.
        0..=2 => Attempt::get(format!(
            "{}?{}",
            PAGES[rng.usize(..PAGES.len())],
            query(rng)
        )),
        // Garbled paths.
        3 => Attempt::get(format!("/{}", junk(rng, 5).replace(['#', '?', ' '], ""))),
        // Oversized values in the URL, or oversized headers.
        4 => {
            let big = "x".repeat(rng.usize(4_000..40_000));
            if rng.bool() {
                Attempt::get(format!("/workloads?search={big}"))
            } else {
                Attempt {
                    headers: vec![("x-padding".into(), big)],
                    ..Attempt::get("/workloads".into())
                }
            }
        }
        // Wrong methods.
        5 => {
            let method = [
                Method::DELETE,
                Method::PUT,
                Method::PATCH,
                Method::POST,
                Method::OPTIONS,
            ][rng.usize(..5)]
            .clone();
            let path = if rng.bool() {
                PAGES[rng.usize(..PAGES.len())].to_owned()
            } else {
                format!("/api/{}", SERVER_FNS[rng.usize(..SERVER_FNS.len())])
            };
            Attempt {
                method,
                ..Attempt::get(path)
            }
        }
        // Huge bodies to server functions (sent by `huge_body`: headers first).
        6 => Attempt {
            method: Method::POST,
            headers: vec![(HUGE.into(), rng.usize(70_000..2_000_000).to_string())],
            ..Attempt::get(format!(
                "/api/{}",
                SERVER_FNS[rng.usize(..SERVER_FNS.len())]
            ))
        },
        // Garbled arguments to server functions: forms, JSON, bytes, nothing.
        _ => {
            let body = match rng.u8(0..4) {
                0 => (
                    "application/x-www-form-urlencoded".to_owned(),
                    query(rng).into_bytes(),
                ),
                1 => (
                    "application/json".to_owned(),
                    format!("{{\"query\": {}}}", junk(rng, 4)).into_bytes(),
                ),
                2 => (
                    "application/octet-stream".to_owned(),
                    (0..rng.usize(0..300)).map(|_| rng.u8(..)).collect(),
                ),
                _ => ("text/plain".to_owned(), vec![]),
            };
            Attempt {
                method: Method::POST,
                body: Some(body),
                ..Attempt::get(format!(
                    "/api/{}",
                    SERVER_FNS[rng.usize(..SERVER_FNS.len())]
                ))
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_malformed_requests_get_4xx_with_a_message_and_never_5xx() {
    let panics = Arc::new(AtomicUsize::new(0));
    let seen = panics.clone();
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        seen.fetch_add(1, Ordering::SeqCst);
        default_hook(info);
    }));

    let server = TestServer::start(Default::default()).await;
    let mut rng = fastrand::Rng::with_seed(9);
    let attempts: Vec<Attempt> = (0..REQUESTS).map(|_| attempt(&mut rng)).collect();
    let results: Vec<(String, u16, String)> = futures_util::stream::iter(attempts)
        .map(|a| {
            let http = server.http.clone();
            let url = server.url(&a.path);
            let base = server.base.clone();
            async move {
                // Same-origin, as a page would send it (cross-site refusals are
                // tested elsewhere).
                let mut request = http
                    .request(a.method.clone(), url)
                    .header("sec-fetch-site", "same-origin");
                for (name, value) in &a.headers {
                    request = request.header(name, value);
                }
                if let Some((content_type, body)) = a.body {
                    request = request.header("content-type", content_type).body(body);
                }
                let what = format!(
                    "{} {}",
                    a.method,
                    a.path.chars().take(120).collect::<String>()
                );
                if let Some((_, length)) = a.headers.iter().find(|(name, _)| name == HUGE) {
                    let (status, body) = huge_body(&base, &a.path, length.parse().unwrap()).await;
                    return (format!("{what} ({length} bytes)"), status, body);
                }
                match request.send().await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let body = response.text().await.unwrap_or_default();
                        (what, status, body)
                    }
                    Err(err) => (what, 0, err.to_string()),
                }
            }
        })
        .buffer_unordered(8)
        .collect()
        .await;

    let mut by_status = std::collections::BTreeMap::<u16, usize>::new();
    for (what, status, body) in &results {
        *by_status.entry(*status).or_default() += 1;
        assert!(
            (1..500).contains(status),
            "{what} → {status}: {}",
            body.chars().take(300).collect::<String>()
        );
        if (400..500).contains(status) {
            assert!(
                !body.trim().is_empty(),
                "{what} → {status} without a message"
            );
        }
    }
    println!("{REQUESTS} malformed requests by status: {by_status:?}");
    assert_eq!(results.len(), REQUESTS);
    assert!(
        by_status.range(400..500).map(|(_, n)| n).sum::<usize>() > REQUESTS / 2,
        "most of them are refused"
    );
    assert_eq!(panics.load(Ordering::SeqCst), 0, "no panics");
}
