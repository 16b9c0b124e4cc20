//! What the GPU waste ledger reads from the simulator: idle periods that follow the
//! workload's kind, and metrics of deleted workloads that stay answerable for 30 days.

use runai_sim::testing::{START_MS, Sim};
use serde_json::Value;

fn enc(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn instant(ms: i64) -> String {
    runai::model::Timestamp::from_unix_millis(ms)
        .unwrap()
        .to_string()
}

/// Mean GPU utilization per sample of `id` over `[from, to)`, one sample a minute.
async fn utilization(sim: &Sim, token: &str, id: &str, from: i64, to: i64) -> Vec<f64> {
    let samples = (to - from) / 60_000 + 1;
    let path = format!(
        "/api/v1/workloads/{id}/metrics?metricType=GPU_UTILIZATION&start={}&end={}&numberOfSamples={samples}",
        enc(&instant(from)),
        enc(&instant(to)),
    );
    let body = sim.ok(token, &path).await;
    let series: Vec<&Value> = body["measurements"].as_array().unwrap().iter().collect();
    let first = series[0]["values"].as_array().unwrap();
    (0..first.len())
        .map(|i| {
            series
                .iter()
                .map(|s| {
                    s["values"][i]["value"]
                        .as_str()
                        .unwrap()
                        .parse::<f64>()
                        .unwrap()
                })
                .sum::<f64>()
                / series.len() as f64
        })
        .collect()
}

#[tokio::test]
async fn notebooks_rest_for_hours_and_training_waits_on_data() {
    let sim = Sim::start_with(runai_sim::SimSettings {
        workloads: 2_000,
        ..runai_sim::testing::admin_known()
    })
    .await;
    let token = sim.admin().await;
    let running = sim
        .all(
            &token,
            &format!("filterBy={}", enc("phase==Running,allocatedGPU>=1")),
        )
        .await;
    let idle_share = |u: &[f64]| u.iter().filter(|v| **v < 5.0).count() as f64 / u.len() as f64;

    // A training job: busy, with short gaps (under 5 % now and then, never for long).
    let training = running
        .iter()
        .find(|w| {
            w["category"] == "Train" && w["totalRunningTimeSeconds"].as_i64().unwrap() > 7_200
        })
        .expect("a training job running for two hours");
    let u = utilization(
        &sim,
        &token,
        training["id"].as_str().unwrap(),
        START_MS - 7_200_000,
        START_MS,
    )
    .await;
    let share = idle_share(&u);
    assert!((0.03..0.4).contains(&share), "training idle {share}: {u:?}");

    // Notebooks that work at all rest through many whole hours, holding their GPU.
    let notebooks: Vec<&Value> = running
        .iter()
        .filter(|w| {
            w["category"] == "Build" && w["totalRunningTimeSeconds"].as_i64().unwrap() > 3 * 3_600
        })
        .collect();
    let (mut idle_hours, mut hours) = (0, 0);
    for notebook in notebooks {
        let u = utilization(
            &sim,
            &token,
            notebook["id"].as_str().unwrap(),
            START_MS - 3 * 3_600_000,
            START_MS,
        )
        .await;
        let shares: Vec<f64> = u.chunks(60).map(idle_share).collect();
        if shares.iter().any(|share| *share < 0.5) {
            idle_hours += shares.iter().filter(|share| **share == 1.0).count();
            hours += shares.len();
        }
    }
    let rested = idle_hours as f64 / hours.max(1) as f64;
    eprintln!("notebook hours fully idle: {idle_hours} of {hours}");
    assert!(
        hours >= 8 && rested > 0.25,
        "{idle_hours} of {hours} notebook hours idle"
    );
}

#[tokio::test]
async fn a_deleted_workloads_metrics_stay_answerable_for_thirty_days() {
    let sim = Sim::start().await;
    let token = sim.admin().await;
    let deleted = sim
        .all(
            &token,
            &format!(
                "deleted=true&filterBy={}",
                enc("allocatedGPU>=0,totalRunningTimeSeconds>=3600")
            ),
        )
        .await;
    let gone = deleted
        .iter()
        .find(|w| w["completedAt"].is_string() || w["phase"] == "Running")
        .expect("a deleted workload that ran an hour");
    let id = gone["id"].as_str().unwrap().to_owned();
    let created = runai::model::Timestamp::parse(gone["createdAt"].as_str().unwrap())
        .unwrap()
        .unix_millis();
    let window = |from: i64| {
        format!(
            "/api/v1/workloads/{id}/metrics?metricType=GPU_ALLOCATION&start={}&end={}&numberOfSamples=200",
            enc(&instant(from)),
            enc(&instant(from + 2 * 86_400_000)),
        )
    };
    let samples = |body: &Value| {
        body["measurements"][0]["values"]
            .as_array()
            .map_or(0, Vec::len)
    };
    let now = sim.ok(&token, &window(created)).await;
    assert!(samples(&now) > 0, "{now}");
    sim.clock.advance(30 * 86_400_000);
    let token = sim.admin().await;
    let later = sim.ok(&token, &window(created)).await;
    assert_eq!(later, now, "the same answer 30 days on");
}
