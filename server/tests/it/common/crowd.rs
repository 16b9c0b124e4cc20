//! A crowd watching one table view with 5 s auto-refresh, as the pages refresh: on the
//! wall clock's multiples of 5 s, each person up to a second late (clock skew, network).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The pages' auto-refresh period.
pub const PERIOD_MS: u64 = 5_000;

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

/// The start of the next 5 s tick: clear the upstream's record before it, then
/// [`refresh_on_the_ticks`] from it.
pub fn next_tick() -> u64 {
    now_ms() / PERIOD_MS + 1
}

/// Each viewer (a signed-in client and the dashboard it talks to) asks the table's
/// server function for `query` `refreshes` times, from tick `first` on; every answer
/// must be 200.
pub async fn refresh_on_the_ticks(
    viewers: Vec<(reqwest::Client, String)>,
    query: &'static str,
    first: u64,
    refreshes: u64,
) {
    let mut tasks = tokio::task::JoinSet::new();
    for (n, (http, base)) in viewers.into_iter().enumerate() {
        tasks.spawn(async move {
            let skew = (n as u64 * 7_919) % 1_000;
            for refresh in 0..refreshes {
                let at = (first + refresh) * PERIOD_MS + skew;
                tokio::time::sleep(Duration::from_millis(at.saturating_sub(now_ms()))).await;
                let response = http
                    .post(format!("{base}/api/workloads_page"))
                    .form(&[("query", query)])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 200);
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
}
