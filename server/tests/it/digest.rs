//! The weekly digest against the embedded simulator, collected for real: its numbers are
//! the ledger's and the failures page's for the same days; its page reads them in words;
//! a bad week says why; and a weekly-digest rule sends the week's link once.

use app::pages::{digest::data::DigestAnswer, failures::data::FailuresAnswer};
use ledger::week::IsoWeek;

use super::{
    alerts::{alert_args, create_rule, until},
    common::{TestServer, webhook::Receiver},
    ledger::{backfilled, ledger},
};

async fn digest(server: &TestServer, week: &str) -> DigestAnswer {
    let response = server.call("digest", &[("week", week)]).await;
    assert_eq!(response.status(), 200, "digest({week})");
    response.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_digest_reads_the_ledgers_numbers_for_its_week_and_a_rule_sends_it() {
    let receiver = Receiver::start().await;
    let mut args = alert_args();
    // Back to the week before this one, whatever day this is.
    args.ledger.backfill_days = Some(8);
    let server = backfilled(TestServer::start(args).await).await;
    // The week before this one is whole and collected: its numbers no longer move.
    let now = runai::model::Timestamp::now().unix_millis();
    let week = IsoWeek::last_complete(now);
    let window = week.window().word();
    let answer = digest(&server, &week.word()).await;
    let by_project = ledger(&server.http, &server.base, &window, "project").await;
    assert!(by_project.total.allocated > 0.0, "the week has GPU time");
    assert_eq!(
        (answer.allocated_h, answer.idle_h),
        (by_project.total.allocated, by_project.total.idle),
        "the ledger's total for {window}"
    );
    assert_eq!(answer.projects.len(), by_project.lines.len());
    for (line, theirs) in answer.projects.iter().zip(&by_project.lines) {
        assert_eq!(
            (&line.label, line.allocated_h, line.idle_h),
            (&theirs.label, theirs.hours.allocated, theirs.hours.idle)
        );
    }
    let by_person = ledger(&server.http, &server.base, &window, "person").await;
    let top = by_person
        .lines
        .iter()
        .max_by(|a, b| a.hours.allocated.total_cmp(&b.hours.allocated))
        .unwrap();
    assert_eq!(
        (&answer.people[0].label, answer.people[0].allocated_h),
        (&top.label, top.hours.allocated)
    );
    let failures: FailuresAnswer = server
        .call("failures", &[("window", window.as_str())])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(answer.failures, failures.failures);
    // The week after it compares itself with this one.
    let next = digest(&server, &week.next().word()).await;
    assert_eq!(next.previous_allocated_h, answer.allocated_h);

    // The page says it in words, with the ledger's one-decimal hours.
    let html = server
        .http
        .get(server.url(&format!("/digest?week={}", week.word())))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let held = format!("{:.1} GPU-hours held", answer.allocated_h);
    assert!(html.contains(&held), "{held} in the page");
    assert!(html.contains(&week.describe()));
    assert!(html.contains(&format!("/ledger?window={window}")));
    let bad = server
        .http
        .get(server.url("/digest?week=someday"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert!(
        bad.text()
            .await
            .unwrap()
            .contains("is not a week like 2026-W49")
    );
    let response = server.call("digest", &[("week", "2026-W99")]).await;
    assert_eq!(response.status(), 400);

    // A weekly-digest rule sends that week's link, once.
    let hook = format!("{}/hook/digest", receiver.url);
    let (status, _) = create_rule(
        &server.http,
        &server.base,
        &[
            ("name", "Monday digest"),
            ("kind", "weeklyDigest"),
            ("destination", &hook),
        ],
    )
    .await;
    assert_eq!(status, 302);
    let told = until("the digest is sent", || async {
        receiver.at("/hook/digest").first().cloned()
    })
    .await;
    let json = told.json();
    assert_eq!(
        json["findings"][0]["link"],
        format!("{}/digest?week={}", server.base, week.word()).as_str()
    );
    let what = json["findings"][0]["what"].as_str().unwrap();
    assert!(what.contains(&held), "{what} says {held}");
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert_eq!(receiver.at("/hook/digest").len(), 1, "once a week");
}
