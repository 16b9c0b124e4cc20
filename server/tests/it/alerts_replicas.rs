//! Two `runboard` replicas sharing a PostgreSQL ledger and one Run:ai (the simulator as
//! its own process): one evaluates alerts on the ledger's lease; when it stops, the
//! other takes over, finds the episode already told and tells nothing twice, and tells
//! what is new.

use std::time::Duration;

use crate::{
    alerts::{OLDEST_PENDING, SIGNING_KEY, create_rule, plain_named, until},
    common::{
        browser,
        process::{ADMIN_SECRET, SESSION_KEY, dashboard, sign_in, simulator},
        webhook::Receiver,
    },
};

/// The oldest pending workloads with plain names, as `base`'s table lists them.
async fn oldest_pending(http: &reqwest::Client, base: &str) -> Vec<String> {
    let rows: app::pages::workloads::data::WorkloadsAnswer = http
        .post(format!("{base}/api/workloads_page"))
        .form(&[("query", OLDEST_PENDING)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    plain_named(rows.rows).map(|r| r.name).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_that_stops_hands_alerts_over_without_telling_twice() {
    let postgres = std::env::var("RUNBOARD_TEST_POSTGRES_URL").expect(
        "RUNBOARD_TEST_POSTGRES_URL names the test PostgreSQL server: run the tests through \
         scripts/test.sh, which starts one",
    );
    let database = ledger::store::Store::new_postgres_database(&postgres, "alerts")
        .await
        .unwrap();
    let receiver = Receiver::start().await;
    let (_sim, sim_url) = simulator().await;
    let env = [
        ("RUNAI_URL", sim_url.as_str()),
        ("RUNBOARD_DATABASE_URL", database.as_str()),
        ("RUNBOARD_SESSION_KEY", SESSION_KEY),
        ("RUNBOARD_COLLECTOR_CLIENT_ID", "runboard-admin"),
        ("RUNBOARD_COLLECTOR_CLIENT_SECRET", ADMIN_SECRET),
        ("RUNBOARD_COLLECTOR_CALLS_PER_MINUTE", "1000000"),
        ("RUNBOARD_LEDGER_BACKFILL_DAYS", "1"),
        ("RUNBOARD_ALERT_EVERY_SECONDS", "1"),
        ("RUNBOARD_ALERT_COOLDOWN_MINUTES", "0"),
        ("RUNBOARD_ALERT_PRIVATE_HOSTS", "127.0.0.1"),
        ("RUNBOARD_ALERT_SIGNING_KEY", SIGNING_KEY),
    ];
    // The first replica starts first, and leads.
    let (mut first, first_url) = dashboard(&env).await;
    let (second, second_url) = dashboard(&env).await;

    let http = browser();
    sign_in(&http, &first_url, "runboard-admin", ADMIN_SECRET).await;
    let names = oldest_pending(&http, &first_url).await;
    assert!(
        names.len() >= 2,
        "two pending workloads to watch: {names:?}"
    );
    let first_hook = format!("{}/hook/first", receiver.url);
    let filter = format!("name=={}", names[0]);
    let (status, body) = create_rule(
        &http,
        &first_url,
        &[
            ("name", "Oldest wait"),
            ("filter", &filter),
            ("destination", &first_hook),
        ],
    )
    .await;
    assert_eq!(status, 302, "{body}");
    until("the first replica tells the webhook", || async {
        (!receiver.at("/hook/first").is_empty()).then_some(())
    })
    .await;

    // The first replica stops as Kubernetes stops it; the second takes over.
    let pid = first
        .child
        .id()
        .expect("the first replica runs")
        .to_string();
    let killed = tokio::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .await
        .unwrap();
    assert!(killed.success());
    let stopped = tokio::time::timeout(Duration::from_secs(30), first.child.wait())
        .await
        .expect("the first replica stops within 30 s")
        .unwrap();
    assert!(stopped.success(), "{}", first.log());

    // The second replica leads now: a new rule made there is told once.
    let other = browser();
    sign_in(&other, &second_url, "runboard-admin", ADMIN_SECRET).await;
    let second_hook = format!("{}/hook/second", receiver.url);
    let filter = format!("name=={}", names[1]);
    let (status, _) = create_rule(
        &other,
        &second_url,
        &[
            ("name", "Next wait"),
            ("filter", &filter),
            ("destination", &second_hook),
        ],
    )
    .await;
    assert_eq!(status, 302);
    until("the second replica tells the webhook", || async {
        (!receiver.at("/hook/second").is_empty()).then_some(())
    })
    .await;
    // It has evaluated the first rule too since, and a few passes more: the episode the
    // first replica told is not told again.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        receiver.at("/hook/first").len(),
        1,
        "told once across the handover: {}",
        second.log()
    );
    assert_eq!(receiver.at("/hook/second").len(), 1);
}
