//! Prices and budgets on the ledger page, against the embedded simulator collected for
//! real: what the GPU time cost at the configured prices (idle first), in the page and
//! its CSV, and where each budgeted project's month stands.

use server::config::{CollectorSwitch, List, SettingsArgs};

use super::{
    common::TestServer,
    ledger::{backfilled, ledger},
};

fn list(items: &[&str]) -> Option<List> {
    Some(List(items.iter().map(|s| (*s).to_owned()).collect()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn costs_follow_the_prices_and_budgets_say_where_the_month_is_heading() {
    let mut args = SettingsArgs::default();
    args.ledger.collector = Some(CollectorSwitch::On);
    args.ledger.collector_calls_per_minute = Some(1_000_000);
    args.ledger.gpu_hour_prices = list(&["h100-80gb=4", "*=2"]);
    args.ledger.currency = Some("EUR".to_owned());
    args.ledger.project_budgets = list(&["vision=100h", "llm-pretrain=100000000"]);
    let server = backfilled(TestServer::start(args).await).await;

    // By node pool, each line costs its hours at its pool's price.
    let answer = ledger(&server.http, &server.base, "7d", "nodepool").await;
    let pricing = answer.pricing.clone().expect("prices are set");
    assert_eq!(pricing.currency, "EUR");
    assert!(pricing.unpriced_pools.is_empty(), "{pricing:?}");
    let mut summed = 0.0;
    for line in &answer.lines {
        let price = if line.key == "h100-80gb" { 4.0 } else { 2.0 };
        let cost = line.cost.expect("a cost");
        assert!(
            (cost.allocated - line.hours.allocated * price).abs() < 1e-6 * cost.allocated.max(1.0),
            "{line:?}"
        );
        assert!(
            (cost.idle - line.hours.idle * price).abs() < 1e-6 * cost.idle.max(1.0),
            "{line:?}"
        );
        summed += cost.allocated;
    }
    let total = answer.total_cost.expect("a total cost");
    assert!(summed > 0.0 && (total.allocated - summed).abs() < 1e-6 * summed);

    // The page says so, idle first, and the CSV carries it.
    let (status, html) = server.get("/ledger?window=7d&group=nodepool").await;
    assert_eq!(status, 200);
    assert!(html.contains(">Idle cost</th>"), "a column of idle cost");
    assert!(
        html.contains("At the configured prices they cost "),
        "the total's cost"
    );
    assert!(html.contains(" EUR, of which "), "in the currency");
    let csv = server
        .http
        .get(server.url("/export/ledger.csv?window=7d&group=nodepool"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let header = csv.lines().next().unwrap_or_default();
    assert!(
        header.contains(",idle share,idle cost (EUR),allocated cost (EUR),used GPU-hours,"),
        "{header}"
    );

    // This month's budgets: vision's 100 GPU-hours are used up; llm-pretrain's money
    // lasts the month.
    let budgets = answer.budgets.expect("budgets for visible projects");
    let vision = budgets
        .lines
        .iter()
        .find(|l| l.project == "vision")
        .unwrap();
    assert_eq!(vision.unit, "GPU-h");
    // (In a month's first hours little is used yet: then only the shape is checked.)
    let month_begun = budgets.as_of_ms - budgets.from_ms >= ledger::calendar::DAY_MS;
    if month_begun {
        assert!(vision.used > 100.0, "{vision:?}");
        assert!(vision.runs_out_ms.is_some_and(|at| at <= budgets.as_of_ms));
        assert!(html.contains(">Used up on "), "vision's row says when");
    }
    assert_eq!(vision.through_day.last().map(|d| d.1), Some(vision.used));
    assert!(vision.projected >= vision.used);
    let llm = budgets
        .lines
        .iter()
        .find(|l| l.project == "llm-pretrain")
        .unwrap();
    assert_eq!((llm.unit.as_str(), llm.runs_out_ms), ("EUR", None));
    if month_begun {
        assert_eq!(budgets.lines[0].project, "vision", "most over budget first");
    }
    let month = ledger::calendar::day_text(budgets.from_ms);
    assert!(html.contains(&format!("Budgets for {} (UTC)", &month[..7])));
    assert!(
        html.contains(">Not this month at this pace<"),
        "llm-pretrain's row says so"
    );
}
