//! Bad input at the HTTP level: 10,000 malformed requests (random query strings,
//! oversized values and headers, bad percent-escapes, wrong methods, huge and garbled
//! bodies to server functions, odd paths) against the real server signed in as the
//! demo admin. Every answer is below 500, every 4xx says why, and nothing panics.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use crate::common::{
    TestServer,
    malformed::{Attempt, HUGE, attempt, huge_body},
};
use futures_util::StreamExt;

const REQUESTS: usize = 10_000;

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
