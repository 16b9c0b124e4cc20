//! Project rules against the embedded simulator, collected for real: a budget rule fires
//! for exactly the projects the ledger page shows heading past their budget (the demo's
//! budgets: one runs over, one does not, one in money), and an idle-share rule fires
//! when yesterday's idle share, as the ledger sums it, is over its share and not when it
//! is under.

use crate::{
    alerts::{alert_args, create_rule, until},
    common::{TestServer, webhook::Receiver},
    ledger::{backfilled, ledger},
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn project_rules_fire_as_the_ledgers_numbers_say() {
    let receiver = Receiver::start().await;
    let mut args = alert_args();
    // The demo's budgets are set for a month seen from a week of history.
    args.ledger.backfill_days = None;
    let server = backfilled(TestServer::start(args).await).await;

    // Budgets: one rule per budgeted project.
    let page = ledger(&server.http, &server.base, "7d", "project").await;
    let budgets = page.budgets.expect("the demo budgets three projects").lines;
    assert!(budgets.len() >= 2, "{budgets:?}");
    let over: Vec<&str> = budgets
        .iter()
        .filter(|b| b.projected > b.budget * 1.02)
        .map(|b| b.project.as_str())
        .collect();
    let under: Vec<&str> = budgets
        .iter()
        .filter(|b| b.projected < b.budget * 0.98)
        .map(|b| b.project.as_str())
        .collect();
    assert!(!over.is_empty() && !under.is_empty(), "{budgets:?}");
    for project in over.iter().chain(&under) {
        let hook = format!("{}/hook/budget-{project}", receiver.url);
        let name = format!("{project} budget");
        let (status, body) = create_rule(
            &server.http,
            &server.base,
            &[
                ("name", &name),
                ("kind", "projectOverBudget"),
                ("project", project),
                ("destination", &hook),
            ],
        )
        .await;
        assert_eq!(status, 302, "{body}");
    }

    // Idle share: yesterday's most idle project, a rule just under its share and one
    // just over.
    let now = runai::model::Timestamp::now().unix_millis();
    let day = ledger::calendar::DAY_MS;
    let yesterday = runai::model::Timestamp::from_unix_millis(now - now.rem_euclid(day) - day)
        .unwrap()
        .to_string()[..10]
        .to_owned();
    let window = format!("{yesterday}..{yesterday}");
    let lines = ledger(&server.http, &server.base, &window, "project")
        .await
        .lines;
    let idlest = lines
        .iter()
        .max_by(|a, b| a.hours.idle_share().total_cmp(&b.hours.idle_share()))
        .unwrap();
    let share = idlest.hours.idle_share() * 100.0;
    assert!(
        (3.0..97.0).contains(&share),
        "{share} % idle in {}",
        idlest.label
    );
    let (below, above) = ((share.floor() - 1.0) as u8, (share.ceil() + 1.0) as u8);
    for (percent, path) in [(below, "idle-below"), (above, "idle-above")] {
        let hook = format!("{}/hook/{path}", receiver.url);
        let (status, body) = create_rule(
            &server.http,
            &server.base,
            &[
                ("name", path),
                ("kind", "projectIdleShare"),
                ("project", &idlest.label),
                ("percent", &percent.to_string()),
                ("destination", &hook),
            ],
        )
        .await;
        assert_eq!(status, 302, "{body}");
    }

    for project in &over {
        let path = format!("/hook/budget-{project}");
        let told = until("an over-budget project is told", || async {
            receiver.at(&path).first().cloned()
        })
        .await;
        let what = told.json()["findings"][0]["what"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(what.starts_with("heading for "), "{what}");
    }
    let told = until("the idle share over its bar is told", || async {
        receiver.at("/hook/idle-below").first().cloned()
    })
    .await;
    let json = told.json();
    assert_eq!(json["findings"][0]["project"], idlest.label.as_str());
    assert_eq!(
        json["findings"][0]["link"],
        format!("{}/ledger?window={window}", server.base).as_str()
    );
    // Several passes later, the projects within their bounds were never told.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    for project in &under {
        assert!(
            receiver.at(&format!("/hook/budget-{project}")).is_empty(),
            "{project}"
        );
    }
    assert!(receiver.at("/hook/idle-above").is_empty());
}
