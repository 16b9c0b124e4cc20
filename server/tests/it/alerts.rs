//! Alerts through the real server against its embedded simulator, evaluated and sent for
//! real to a webhook receiver on loopback: a rule made from a filtered table's filter
//! tells a signed webhook once, with a link back; a failing receiver shows on the rule
//! with why and when it is tried again; alice's and bob's rules each tell only of what
//! their owner can see; bad rules and destinations are refused with a clear message.

use app::pages::alerts::data::{AlertsAnswer, RuleLine};
use server::config::{CollectorSwitch, List, Secret, SettingsArgs};

use super::common::{TestServer, browser, webhook::Receiver};

/// The key signed webhooks are signed with in these tests.
pub const SIGNING_KEY: &str = "alerts-test-signing-key";

/// A dashboard that collects and evaluates every second, with no cooldown, allowed to
/// send to the receiver on loopback.
pub fn alert_args() -> SettingsArgs {
    let mut args = SettingsArgs::default();
    args.ledger.collector = Some(CollectorSwitch::On);
    args.ledger.collector_calls_per_minute = Some(1_000_000);
    args.ledger.backfill_days = Some(1);
    args.alerts.alert_every_seconds = Some(1);
    args.alerts.alert_cooldown_minutes = Some(0);
    args.alerts.alert_private_hosts = Some(List(vec!["127.0.0.1".to_owned()]));
    args.alerts.alert_signing_key = Some(Secret::new(SIGNING_KEY));
    args
}

/// Posts the new-rule form as the page does (a browser's plain form): the status and
/// the body. `fields` override the form's defaults.
pub async fn create_rule(
    http: &reqwest::Client,
    base: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let mut form: Vec<(&str, &str)> = vec![
        ("name", "A rule"),
        ("kind", "pendingLongerThan"),
        ("filter", ""),
        ("minutes", "1"),
        ("project", ""),
        ("percent", "50"),
        ("channel", "webhook"),
        ("destination", ""),
    ];
    for (name, value) in fields {
        match form.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = value,
            None => form.push((name, value)),
        }
    }
    let response = http
        .post(format!("{base}/api/create_alert_rule"))
        .header("accept", "text/html,application/xhtml+xml")
        .header("sec-fetch-site", "same-origin")
        .header("referer", format!("{base}/alerts"))
        .form(&form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// The rules `http`'s person sees.
pub async fn alerts(http: &reqwest::Client, base: &str) -> AlertsAnswer {
    let response = http
        .post(format!("{base}/api/alerts"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// Asks `check` every 100 ms until it answers, for at most two minutes.
pub async fn until<T, F: Future<Output = Option<T>>>(
    what: &str,
    mut check: impl FnMut() -> F,
) -> T {
    for _ in 0..1_200 {
        if let Some(found) = check().await {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("never: {what}");
}

/// The table's query for the longest-waiting workloads first.
pub const OLDEST_PENDING: &str =
    "filterBy=phase%3D%3DPending&sortBy=createdAt&sortOrder=asc&limit=100";

/// Of `rows`, those whose name a filter holds as it is (letters, digits and dashes).
pub fn plain_named(
    rows: Vec<app::pages::workloads::row::WorkloadRow>,
) -> impl Iterator<Item = app::pages::workloads::row::WorkloadRow> {
    rows.into_iter().filter(|r| {
        r.name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

pub fn rule<'a>(answer: &'a AlertsAnswer, name: &str) -> &'a RuleLine {
    answer
        .rules
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no rule {name:?} in {answer:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rule_on_a_filtered_table_tells_a_signed_webhook_once_with_a_link_back() {
    let receiver = Receiver::start().await;
    let server = TestServer::start(alert_args()).await;
    // The longest-waiting workload with a plain name, as the filtered table shows it.
    let oldest = plain_named(server.rows(OLDEST_PENDING).await.rows)
        .next()
        .expect("a pending workload with a plain name");
    let filter = format!("name=={}", oldest.name);
    let hook = format!("{}/hook/oldest", receiver.url);
    let (status, body) = create_rule(
        &server.http,
        &server.base,
        &[
            ("name", "Oldest wait"),
            ("filter", &filter),
            ("destination", &hook),
        ],
    )
    .await;
    assert_eq!(status, 302, "back to /alerts: {body}");

    let told = until("the webhook is told", || async {
        receiver.at("/hook/oldest").first().cloned()
    })
    .await;
    let json = told.json();
    assert_eq!(json["rule"]["name"], "Oldest wait");
    assert_eq!(json["findings"][0]["name"], oldest.name.as_str());
    assert_eq!(json["findings"][0]["project"], oldest.project.as_str());
    assert_eq!(
        json["findings"][0]["link"],
        format!("{}/workloads/{}", server.base, oldest.id).as_str(),
        "a link to its page"
    );
    assert!(
        json["findings"][0]["what"]
            .as_str()
            .unwrap()
            .starts_with("waiting for "),
        "{json}"
    );
    // Signed over its time and body with the configured key.
    let at: i64 = told
        .signature
        .strip_prefix("t=")
        .and_then(|rest| rest.split(',').next())
        .and_then(|t| t.parse().ok())
        .expect("a signature with its time");
    assert_eq!(
        told.signature,
        alerts::send::signature(&Secret::new(SIGNING_KEY), at, &told.body)
    );
    assert!(!told.body.contains(SIGNING_KEY));

    // The page says it fired and was sent; the destination is shown only in part.
    let answer = until("the message is marked sent", || async {
        let answer = alerts(&server.http, &server.base).await;
        let line = rule(&answer, "Oldest wait");
        (line.messages.first()?.state == "sent").then_some(answer)
    })
    .await;
    let line = rule(&answer, "Oldest wait");
    assert!(
        line.last_firing_ms.is_some() && line.paused.is_none(),
        "{line:?}"
    );
    assert_eq!(line.channel, "Signed JSON webhook");
    assert!(
        line.destination.starts_with("http://127.0.0.1/…"),
        "{}",
        line.destination
    );
    assert!(!line.destination.contains("/hook/oldest"));

    // Later passes find the same episode open: nothing more is sent while it holds.
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    assert_eq!(receiver.at("/hook/oldest").len(), 1, "told once");
    let page = server
        .http
        .get(server.url("/alerts"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Oldest wait") && page.contains("Latest messages"));
    assert!(
        !page.contains(&hook),
        "the whole destination never reaches the page"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_receiver_shows_on_the_rule_with_why_and_the_next_try() {
    let receiver = Receiver::start().await;
    receiver.answer(503);
    let server = TestServer::start(alert_args()).await;
    let hook = format!("{}/hook/down", receiver.url);
    let (status, _) = create_rule(
        &server.http,
        &server.base,
        &[("name", "Down"), ("destination", &hook)],
    )
    .await;
    assert_eq!(status, 302);
    let message = until("a failed try is shown", || async {
        let answer = alerts(&server.http, &server.base).await;
        let message = rule(&answer, "Down").messages.first()?.clone();
        (message.state == "will try again").then_some(message)
    })
    .await;
    assert_eq!(message.error, "the webhook answered 503");
    assert_eq!(message.tries, 1);
    assert!(message.retry_ms.is_some_and(|at| at > message.queued_ms));
    assert_eq!(receiver.at("/hook/down").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alices_rule_never_mentions_bobs_projects() {
    let receiver = Receiver::start().await;
    let server = TestServer::start(alert_args()).await;
    let (alice, bob) = (browser(), browser());
    let mut projects = Vec::new();
    for (http, who) in [(&alice, "alice"), (&bob, "bob")] {
        let response = http
            .post(server.url("/login"))
            .form(&[("demo", who)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
        let hook = format!("{}/hook/{who}", receiver.url);
        let (status, _) = create_rule(
            http,
            &server.base,
            &[("name", "Everything waiting"), ("destination", &hook)],
        )
        .await;
        assert_eq!(status, 302);
        // What they can see waiting, as their own table shows it.
        let rows: app::pages::workloads::data::WorkloadsAnswer = http
            .post(server.url("/api/workloads_page"))
            .form(&[("query", "filterBy=phase%3D%3DPending&limit=500")])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mut seen: Vec<String> = rows.rows.into_iter().map(|r| r.project).collect();
        seen.sort();
        seen.dedup();
        projects.push(seen);
        // Each sees only their own rule.
        let answer = alerts(http, &server.base).await;
        assert_eq!(answer.rules.len(), 1, "{who}: {answer:?}");
    }
    let told = |who: &str| {
        let path = format!("/hook/{who}");
        let receiver = &receiver;
        async move {
            let got = receiver.at(&path);
            let first = got.first()?.json();
            let named: Vec<String> = first["findings"]
                .as_array()?
                .iter()
                .map(|f| f["project"].as_str().unwrap().to_owned())
                .collect();
            Some(named)
        }
    };
    let hers = until("alice is told", || told("alice")).await;
    let his = until("bob is told", || told("bob")).await;
    assert!(!hers.is_empty() && !his.is_empty());
    assert!(
        hers.iter().all(|p| projects[0].contains(p)),
        "alice hears only of her projects: {hers:?} vs {:?}",
        projects[0]
    );
    assert!(
        his.iter().all(|p| projects[1].contains(p)),
        "bob hears only of his: {his:?} vs {:?}",
        projects[1]
    );
    assert!(
        his.iter().any(|p| !projects[0].contains(p)),
        "bob's projects are not alice's: {his:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_rules_and_destinations_are_refused_with_a_clear_message() {
    // No private host allowed, no SMTP server: the defaults.
    let mut args = SettingsArgs::default();
    args.alerts.alert_signing_key = Some(Secret::new(SIGNING_KEY));
    let server = TestServer::start(args).await;
    let refused = |fields: Vec<(&'static str, &'static str)>, says: &'static str| {
        let server = &server;
        async move {
            let (status, body) = create_rule(&server.http, &server.base, &fields).await;
            assert_eq!(status, 400, "{fields:?}: {body}");
            assert!(
                body.contains(says),
                "{fields:?} should say {says:?}: {body}"
            );
        }
    };
    let hook = "https://hooks.example.com/services/T/B/x";
    refused(
        vec![("filter", "colour==red"), ("destination", hook)],
        "colour==red",
    )
    .await;
    refused(vec![("destination", "http://127.0.0.1:9/hook")], "https://").await;
    refused(
        vec![("destination", "https://127.0.0.1:9/hook")],
        "private or loopback",
    )
    .await;
    refused(
        vec![("destination", "https://169.254.169.254/latest/meta-data")],
        "private or loopback",
    )
    .await;
    refused(
        vec![("destination", "https://localhost/hook")],
        "private or loopback",
    )
    .await;
    refused(
        vec![("channel", "email"), ("destination", "team@example.com")],
        "RUNBOARD_SMTP_SERVER",
    )
    .await;
    refused(
        vec![("minutes", "0"), ("destination", hook)],
        "1 to 10080 minutes",
    )
    .await;
    refused(
        vec![("kind", "projectOverBudget"), ("destination", hook)],
        "names no project",
    )
    .await;
    refused(vec![("name", " "), ("destination", hook)], "needs a name").await;
    // A kind or channel the form never offers is the request's fault, not a crash.
    let (status, _) = create_rule(
        &server.http,
        &server.base,
        &[("kind", "explode"), ("destination", hook)],
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = create_rule(
        &server.http,
        &server.base,
        &[("channel", "pager"), ("destination", hook)],
    )
    .await;
    assert_eq!(status, 400);
    // Nothing was kept; deleting what is not there says so.
    assert!(alerts(&server.http, &server.base).await.rules.is_empty());
    let response = server
        .http
        .post(server.url("/api/delete_alert_rule"))
        .form(&[("id", "no-such-rule")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slack_rule_sends_blocks_naming_each_workload_with_its_link() {
    let receiver = Receiver::start().await;
    let server = TestServer::start(alert_args()).await;
    let hook = format!("{}/hook/slack", receiver.url);
    let (status, _) = create_rule(
        &server.http,
        &server.base,
        &[
            ("name", "Waits in Slack"),
            ("channel", "slack"),
            ("destination", &hook),
        ],
    )
    .await;
    assert_eq!(status, 302);
    let told = until("Slack is told", || async {
        receiver.at("/hook/slack").first().cloned()
    })
    .await;
    assert!(
        told.signature.is_empty(),
        "Slack's webhooks are not signed by us"
    );
    let json = told.json();
    assert!(
        json["text"]
            .as_str()
            .unwrap()
            .starts_with("Waits in Slack: "),
        "{json}"
    );
    let blocks = json["blocks"].as_array().unwrap();
    assert_eq!(blocks[0]["text"]["type"], "mrkdwn");
    let first = blocks[1]["text"]["text"].as_str().unwrap();
    let link = format!("<{}/workloads/", server.base);
    assert!(first.starts_with(&link), "{first}");
    assert!(first.contains(" · project "), "{first}");
}
