//! What the load examples share: a browser-like client per simulated person and the
//! server's resident memory.

use std::time::Duration;

/// One person's browser: its own cookie jar and connection, redirects shown rather
/// than followed, and a request that hangs fails instead of stalling the run.
pub fn person() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(1)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// The resident memory of process `pid`, in KiB (Linux).
pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
