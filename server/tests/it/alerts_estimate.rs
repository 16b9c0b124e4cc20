//! The rule "waits longer than its estimate's 90th percentile" through the real server
//! against its embedded simulator: it tells a webhook of the pending workloads that have
//! waited past the range the queue gives a workload like them as it begins to wait, each
//! with both times in words, and of no workload that waits less.

use super::{
    alerts::{alert_args, create_rule, until},
    common::{TestServer, webhook::Receiver},
};

/// Seconds in a duration as the dashboard writes it ("850 ms", "12.5 s", "3 min 20 s",
/// "2 h 05 min").
fn seconds(words: &str) -> f64 {
    let parts: Vec<&str> = words.split_whitespace().collect();
    match parts.as_slice() {
        [ms, "ms"] => ms.parse::<f64>().unwrap() / 1000.0,
        [s, "s"] => s.parse().unwrap(),
        [m, "min", s, "s"] => m.parse::<f64>().unwrap() * 60.0 + s.parse::<f64>().unwrap(),
        [h, "h", m, "min"] => h.parse::<f64>().unwrap() * 3600.0 + m.parse::<f64>().unwrap() * 60.0,
        _ => panic!("not a duration: {words:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rule_tells_of_the_workloads_waiting_past_their_estimates_90th_percentile() {
    let receiver = Receiver::start().await;
    let server = TestServer::start(alert_args()).await;
    let hook = format!("{}/hook/estimate", receiver.url);
    let (status, body) = create_rule(
        &server.http,
        &server.base,
        &[
            ("name", "Past its estimate"),
            ("kind", "pendingPastEstimate"),
            ("destination", &hook),
        ],
    )
    .await;
    assert_eq!(status, 302, "back to /alerts: {body}");

    let told = until("the webhook is told", || async {
        receiver.at("/hook/estimate").first().cloned()
    })
    .await;
    let json = told.json();
    assert_eq!(json["rule"]["name"], "Past its estimate");
    assert_eq!(
        json["rule"]["watching"],
        "all workloads that wait longer than their estimate's 90th percentile"
    );
    let findings = json["findings"].as_array().unwrap();
    assert!(!findings.is_empty(), "{json}");
    for finding in findings {
        let what = finding["what"].as_str().unwrap();
        let (waited, p90) = what
            .strip_prefix("waiting for ")
            .and_then(|rest| rest.split_once("; nine in ten like it started within "))
            .unwrap_or_else(|| panic!("in words: {what:?}"));
        let (waited, p90) = (seconds(waited), seconds(p90));
        assert!(waited >= p90, "named only past its 90th percentile: {what}");
        // Each is linked to its page, which opens.
        let link = finding["link"].as_str().unwrap();
        let path = link
            .strip_prefix(server.base.as_str())
            .expect("a link back");
        assert_eq!(server.get(path).await.0, 200, "{link}");
    }
    // It tells of some waiting workloads, not of every one: those that have waited
    // less than any it names are not past their estimate.
    let pending = server
        .rows("filterBy=phase%3D%3DPending&sortBy=createdAt&sortOrder=desc&limit=100")
        .await;
    let told_of = findings.len() + json["more"].as_u64().unwrap_or(0) as usize;
    assert!(
        (told_of as i64) < pending.total,
        "{told_of} of {} waiting workloads",
        pending.total
    );
}
