//! The ledger checked against an independent recomputation: a project's whole day,
//! added up by the test itself from the metrics API at a finer spacing than the
//! collector's, for every workload of the project (kept and deleted).

use ledger::{
    collector::Round,
    store::{Grouping, ReportQuery},
};
use runai_sim::testing::{Sim, admin_known};

use super::{
    common::sqlite,
    simulated::{DAY_MS, collector},
};

/// The spacing of the recomputation's samples: finer than the collector's five minutes.
const STEP_MS: i64 = 2 * 60_000;

/// An instant as a query value (RFC 3339, its colons escaped).
fn instant(ms: i64) -> String {
    runai::model::Timestamp::from_unix_millis(ms)
        .unwrap()
        .to_string()
        .replace(':', "%3A")
}

/// GPU-seconds `id` held over `[from, from + DAY_MS)`, each sample standing for the
/// step that follows it.
async fn allocated_seconds(sim: &Sim, token: &str, id: &str, from: i64) -> f64 {
    let samples = DAY_MS / STEP_MS + 1;
    let path = format!(
        "/api/v1/workloads/{id}/metrics?metricType=GPU_ALLOCATION&start={}&end={}&numberOfSamples={samples}",
        instant(from),
        instant(from + DAY_MS),
    );
    let (status, body) = sim.get(token, &path).await;
    let Some(series) = body["measurements"].as_array().and_then(|m| m.first()) else {
        return 0.0; // no GPU asked for (a 207 naming the type it lacks)
    };
    assert!(status == 200 || status == 207, "{path}: {body}");
    let mut seconds = 0.0;
    for value in series["values"].as_array().unwrap() {
        let at = value["timestamp"].as_str().unwrap();
        let at = runai::model::Timestamp::parse(at).unwrap().unix_millis();
        if at < from + DAY_MS {
            let gpus: f64 = value["value"].as_str().unwrap().parse().unwrap();
            seconds += gpus * STEP_MS as f64 / 1000.0;
        }
    }
    seconds
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_projects_day_recomputed_from_the_metrics_api_agrees_with_the_ledger() {
    let sim = Sim::start_now_with(admin_known()).await;
    let (store, _dir) = sqlite().await;
    let mut collector = collector(&sim, &sim.url, store.clone());
    let Round::Completed { to_ms, .. } = collector.collect_once().await.unwrap() else {
        panic!("a new ledger collects");
    };
    // The last whole UTC day the ledger holds.
    let day = to_ms.div_euclid(DAY_MS) * DAY_MS - DAY_MS;
    let report = store
        .report(&ReportQuery {
            from_ms: day,
            to_ms: day + DAY_MS,
            grouping: Grouping::Project,
            projects: None,
        })
        .await
        .unwrap();
    // The project that held the most GPU-time that day.
    let busiest = report
        .rows
        .iter()
        .max_by(|a, b| a.seconds.allocated.total_cmp(&b.seconds.allocated))
        .unwrap();

    let token = sim.admin().await;
    let mut workloads = sim.all(&token, "deleted=false").await;
    workloads.extend(sim.all(&token, "deleted=true").await);
    let mut recomputed = 0.0;
    for w in workloads
        .iter()
        .filter(|w| w["projectId"] == busiest.key.as_str())
    {
        recomputed += allocated_seconds(&sim, &token, w["id"].as_str().unwrap(), day).await;
    }

    let ledger = busiest.seconds.allocated;
    let off = (ledger - recomputed).abs() / recomputed;
    eprintln!(
        "{}: ledger {:.1} GPU-hours, recomputed {:.1}, off by {:.3} %",
        busiest.label,
        ledger / 3600.0,
        recomputed / 3600.0,
        off * 100.0
    );
    assert!(
        recomputed > 24.0 * 3600.0,
        "a busy project's day: {recomputed}"
    );
    assert!(off < 0.005, "the ledger is off by {:.3} %", off * 100.0);
}
