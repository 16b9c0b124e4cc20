//! The malformed requests of `malformed_input.rs`: random query strings, garbled
//! paths, oversized values and headers, wrong methods, huge and garbled bodies, drawn
//! from a seeded generator so a run is repeatable.

use reqwest::Method;

/// Marks an attempt whose body of this many bytes goes through [`huge_body`].
pub const HUGE: &str = "x-test-huge-body";

/// POSTs `length` bytes as a careful client does: the headers first, then the answer is
/// read before the body is sent (a server refusing a body answers before reading it, and
/// a client that keeps writing sees a reset instead of the answer). Status and body.
pub async fn huge_body(base: &str, path: &str, length: usize) -> (u16, String) {
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
pub struct Attempt {
    pub method: Method,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<(String, Vec<u8>)>,
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

const PAGES: [&str; 8] = [
    "/workloads",
    "/overview",
    "/ledger",
    "/export/ledger.csv",
    "/login",
    "/export/workloads.csv",
    "/export/telemetry.csv",
    "/workloads/0b0c51a4-0000-4000-8000-000000000001",
];
const SERVER_FNS: [&str; 8] = [
    "workloads_page",
    "ledger",
    "workload_queue",
    "workload",
    "workload_metrics",
    "overview_tiles",
    "telemetry",
    "identity",
];
const KEYS: [&str; 18] = [
    "window",
    "group",
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
const PIECES: [&str; 28] = [
    "1%C3%A9",
    "7\u{2713}",
    "30\u{1F600}",
    "1\u{e9}",
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

/// The next malformed request from `rng`: deterministic for a seed.
pub fn attempt(rng: &mut fastrand::Rng) -> Attempt {
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
