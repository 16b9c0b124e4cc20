//! The ledger page against the embedded simulator, collected for real: the numbers, the
//! window and grouping in the URL, the CSV, bad links, who sees what, and the lease let
//! go when the dashboard stops.

use app::pages::ledger::data::LedgerAnswer;
use server::config::{CollectorSwitch, SettingsArgs};

use super::common::{TestServer, browser, process::sign_in};

/// A demo dashboard whose collector runs unthrottled; returns once its backfill is done.
async fn collected() -> TestServer {
    let mut args = SettingsArgs::default();
    args.ledger.collector = Some(CollectorSwitch::On);
    args.ledger.collector_calls_per_minute = Some(1_000_000);
    backfilled(TestServer::start(args).await).await
}

/// `server` once its collector has finished its backfill.
pub(super) async fn backfilled(server: TestServer) -> TestServer {
    // The backfill takes a few hundred simulator calls; wait for its first round.
    for _ in 0..600 {
        let answer = ledger(&server.http, &server.base, "7d", "project").await;
        if answer
            .progress
            .as_ref()
            .is_some_and(|p| p.collected_to_ms > p.backfill_from_ms)
        {
            return server;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the collector did not finish its backfill");
}

pub(super) async fn ledger(
    http: &reqwest::Client,
    base: &str,
    window: &str,
    group: &str,
) -> LedgerAnswer {
    let response = http
        .post(format!("{base}/api/ledger"))
        .form(&[("window", window), ("group", group)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ledger_shows_a_collected_week_and_each_person_only_their_departments() {
    let server = collected().await;
    let admin = ledger(&server.http, &server.base, "7d", "department").await;
    let departments: Vec<&str> = admin.lines.iter().map(|l| l.label.as_str()).collect();
    assert!(departments.len() >= 3, "{departments:?}");
    assert!(departments.contains(&"research"), "{departments:?}");
    let total = admin.total;
    assert!(total.allocated > 0.0 && total.idle > 0.0 && total.idle < total.allocated);
    assert!(admin.days.len() >= 7, "a day-by-day trend");
    for line in &admin.lines {
        assert!(line.hours.idle <= line.hours.allocated + 1e-9, "{line:?}");
    }

    // The page, as a person reads it.
    let (status, html) = server.get("/ledger?window=7d&group=department").await;
    assert_eq!(status, 200);
    assert!(html.contains("GPU waste ledger"));
    assert!(html.contains("GPU-hours by department over the last 7 days"));
    assert!(html.contains("Collected up to "));
    assert!(
        html.contains("/workloads?filterBy=departmentId%3D%3D1"),
        "a row links to its workloads"
    );
    assert!(html.contains("A GPU is idle under 5 % utilization"));

    // alice (research) sees no other department, on the page, in its data and its CSV.
    let alice = browser();
    sign_in(&alice, &server.base, "alice", "alice").await;
    let hers = ledger(&alice, &server.base, "7d", "department").await;
    assert_eq!(
        hers.lines
            .iter()
            .map(|l| l.label.as_str())
            .collect::<Vec<_>>(),
        ["research"]
    );
    let research = admin.lines.iter().find(|l| l.label == "research").unwrap();
    // The same numbers as the admin's row (summed in another order: equal to rounding).
    let (a, b) = (hers.lines[0].hours, research.hours);
    for (mine, theirs) in [
        (a.allocated, b.allocated),
        (a.idle, b.idle),
        (a.used, b.used),
    ] {
        assert!(
            (mine - theirs).abs() <= 1e-9 * theirs.max(1.0),
            "{a:?} vs {b:?}"
        );
    }
    // Her daily trend holds her projects' hours only.
    let trend: f64 = hers.days.iter().map(|d| d.hours.allocated).sum();
    assert!(
        (trend - a.allocated).abs() <= 1e-6 * a.allocated.max(1.0),
        "her trend {trend} vs her total {}",
        a.allocated
    );
    let page = alice
        .get(format!("{}/ledger?window=7d&group=project", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for other in [
        "recsys",
        "chat-serving",
        "infra-tests",
        "forecasting",
        "embeddings",
        "ci-gpu",
    ] {
        assert!(!page.contains(&format!(">{other}<")), "alice sees {other}");
    }
    let csv = alice
        .get(format!(
            "{}/export/ledger.csv?window=30d&group=department",
            server.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    let csv = csv.text().await.unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{csv}");
    assert!(rows[0].starts_with("research,1,"), "{csv}");

    // Grouped by person, service accounts stand apart from people, on the page and in
    // the CSV.
    let people = ledger(&server.http, &server.base, "7d", "person").await;
    let kind = |who: &str| {
        people
            .lines
            .iter()
            .find(|l| l.key == who)
            .map(|l| l.service_account)
    };
    assert_eq!(kind("ci-bot"), Some(true), "not an e-mail address");
    assert_eq!(
        kind("svc-pipeline@runboard.demo"),
        Some(true),
        "named by the demo's pattern"
    );
    assert_eq!(kind("ada@runboard.demo"), Some(false));
    let (status, html) = server.get("/ledger?window=7d&group=person").await;
    assert_eq!(status, 200);
    let (humans, machines) = html
        .split_once(">Service accounts</h3>")
        .expect("a section of service accounts");
    assert!(humans.contains(">People</h3>"), "people first");
    assert!(humans.contains(">ada@runboard.demo<"));
    assert!(!humans.contains(">ci-bot<"));
    assert!(machines.contains(">ci-bot<") && machines.contains(">svc-pipeline@runboard.demo<"));
    let csv = server
        .http
        .get(format!("{}/export/ledger.csv?group=person", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",account"), "{csv}");
    assert!(
        csv.lines()
            .any(|l| l.starts_with("ci-bot,") && l.ends_with(",service account")),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("ada@runboard.demo,") && l.ends_with(",person")),
        "{csv}"
    );

    // Grouped by person and node pool, the totals are the same hours.
    for group in ["person", "nodepool", "project"] {
        let other = ledger(&server.http, &server.base, "7d", group).await;
        let sum: f64 = other.lines.iter().map(|l| l.hours.allocated).sum();
        assert!(
            (sum - total.allocated).abs() < 1e-6 * total.allocated.max(1.0),
            "{group}"
        );
    }
}

#[tokio::test]
async fn bad_ledger_links_are_explained() {
    let server = TestServer::start(SettingsArgs::default()).await;
    let (status, html) = server.get("/ledger?window=forever&group=team").await;
    assert_eq!(status, 400);
    assert!(html.contains("“forever” is not a window"), "{html}");
    assert!(html.contains("“team” is not project, department, person or nodepool"));
    assert!(
        html.contains("GPU-hours by project over the last 7 days"),
        "the defaults show"
    );
    let (status, text) = server.get("/export/ledger.csv?window=400d").await;
    assert_eq!(status, 400);
    assert!(text.contains("longer than 90 days"), "{text}");
    // With no collector (tests run without one unless asked), the page says so.
    let (status, html) = server.get("/ledger").await;
    assert_eq!(status, 200);
    assert!(html.contains("this replica does not collect"), "{html}");
    let bad_arg = server
        .http
        .post(server.url("/api/ledger"))
        .form(&[("window", "-1d"), ("group", "project")])
        .send()
        .await
        .unwrap();
    assert_eq!(bad_arg.status(), 400);
}

#[tokio::test]
async fn a_stopping_dashboard_lets_another_replica_collect_at_once() {
    let server = collected().await;
    let now = runai::model::Timestamp::now().unix_millis();
    let data = server.stop().await;
    let store = ledger::store::Store::open_in(&data.path().join("data"))
        .await
        .unwrap();
    assert!(
        store.take_lease("another", now, now + 1_000).await.unwrap(),
        "the stopped dashboard's lease was let go"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_identities_of_one_name_never_share_what_they_may_see() {
    // The simulator's administrator key is called `alice`, like the research user
    // `alice` who signs in with her password.
    let mut sim = super::common::admin_known();
    sim.admin_client_id = "alice".to_owned();
    let mut args = SettingsArgs::default();
    args.ledger.collector = Some(CollectorSwitch::On);
    args.ledger.collector_calls_per_minute = Some(1_000_000);
    let server = TestServer::start_signed_out_with(args, sim).await;
    assert_eq!(server.sign_in_key("alice", "runboard-admin").await, 303);
    let server = backfilled(server).await;

    // The administrator's visible projects are remembered first...
    let admin = ledger(&server.http, &server.base, "7d", "department").await;
    assert!(admin.lines.len() >= 3, "{:?}", admin.lines);
    // ...and the user of the same name still sees only her own.
    let user = browser();
    let response = user
        .post(format!("{}/login", server.base))
        .header("accept", "text/html")
        .header("sec-fetch-site", "same-origin")
        .form(&[("username", "alice"), ("password", "alice")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let hers = ledger(&user, &server.base, "7d", "department").await;
    let labels: Vec<&str> = hers.lines.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(labels, ["research"]);
}
