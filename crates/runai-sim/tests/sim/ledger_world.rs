//! What the GPU waste ledger reads from the simulator: idle periods that follow the
//! workload's kind, and metrics of deleted workloads that stay answerable for 30 days.

use runai_sim::testing::{START_MS, Sim};

use super::{enc, instant};
use serde_json::Value;

/// Mean GPU utilization per sample of `id` over `[from, to)`, one sample a minute.
async fn utilization(sim: &Sim, token: &str, id: &str, from: i64, to: i64) -> Vec<f64> {
    let per_gpu = utilization_per_gpu(sim, token, id, from, to).await;
    (0..per_gpu[0].len())
        .map(|i| per_gpu.iter().map(|gpu| gpu[i]).sum::<f64>() / per_gpu.len() as f64)
        .collect()
}

/// Each GPU's utilization per sample of `id` over `[from, to)`, one sample a minute.
async fn utilization_per_gpu(
    sim: &Sim,
    token: &str,
    id: &str,
    from: i64,
    to: i64,
) -> Vec<Vec<f64>> {
    let samples = (to - from) / 60_000 + 1;
    let path = format!(
        "/api/v1/workloads/{id}/metrics?metricType=GPU_UTILIZATION&start={}&end={}&numberOfSamples={samples}",
        enc(&instant(from)),
        enc(&instant(to)),
    );
    let body = sim.ok(token, &path).await;
    body["measurements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|series| {
            series["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["value"].as_str().unwrap().parse::<f64>().unwrap())
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn notebooks_rest_for_hours_and_training_waits_on_data() {
    let sim = Sim::start_with(runai_sim::SimSettings {
        workloads: 13_000,
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

    // Training: busy with short gaps (under 5 % now and then, never for long); some
    // runs hang, all their GPUs quiet to the end, or all but the first.
    let trainings: Vec<&Value> = running
        .iter()
        .filter(|w| {
            w["category"] == "Train"
                && w["totalRunningTimeSeconds"].as_i64().unwrap() > 7_200
                && w["allocatedResources"]["gpu"].as_f64().unwrap_or(0.0) >= 2.0
        })
        .take(60)
        .collect();
    let (mut gappy, mut hung, mut partly, mut gaps) = (0, 0, 0, 0.0);
    for training in &trainings {
        let gpus = utilization_per_gpu(
            &sim,
            &token,
            training["id"].as_str().unwrap(),
            START_MS - 7_200_000,
            START_MS,
        )
        .await;
        // Quiet for the last `minutes` (one sample a minute).
        let quiet_for = |minutes: usize, gpu: &Vec<f64>| {
            gpu[gpu.len() - minutes - 1..].iter().all(|v| *v < 5.0)
        };
        let quiet = |gpu: &Vec<f64>| quiet_for(30, gpu);
        if gpus.iter().all(quiet) {
            hung += 1;
        } else if !quiet(&gpus[0]) && gpus[1..].iter().all(quiet) {
            partly += 1;
        } else if !gpus[1..].iter().all(|gpu| quiet_for(10, gpu)) {
            // Working (not a hang that began in the last half hour).
            let mean: Vec<f64> = (0..gpus[0].len())
                .map(|i| gpus.iter().map(|gpu| gpu[i]).sum::<f64>() / gpus.len() as f64)
                .collect();
            let share = idle_share(&mean);
            assert!(share < 0.5, "training idle {share}: {gpus:?}");
            gaps += share;
            gappy += 1;
        }
    }
    eprintln!("training runs: {gappy} working, {hung} hung, {partly} hung but one GPU");
    assert!(gappy > trainings.len() / 2, "most training runs work");
    let gaps = gaps / gappy as f64;
    assert!(
        (0.03..0.3).contains(&gaps),
        "working runs idle {gaps} of the time"
    );
    assert!(hung >= 1 && partly >= 1, "{hung} hung, {partly} partly");

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
    // A workload deleted while running holds nothing from its deletion on: its
    // allocation has no sample at or after it.
    let running = deleted
        .iter()
        .find(|w| w["phase"] == "Running")
        .expect("a workload deleted while running");
    let deleted_ms = runai::model::Timestamp::parse(running["deletedAt"].as_str().unwrap())
        .unwrap()
        .unix_millis();
    let path = format!(
        "/api/v1/workloads/{}/metrics?metricType=GPU_ALLOCATION&start={}&end={}&numberOfSamples=200",
        running["id"].as_str().unwrap(),
        enc(&instant(deleted_ms - 3_600_000)),
        enc(&instant(deleted_ms + 3_600_000)),
    );
    let around = sim.ok(&token, &path).await;
    let times: Vec<i64> = around["measurements"][0]["values"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["timestamp"].as_str())
        .map(|t| runai::model::Timestamp::parse(t).unwrap().unix_millis())
        .collect();
    assert!(!times.is_empty(), "it ran before: {around}");
    assert!(
        times.iter().all(|t| *t < deleted_ms),
        "samples after its deletion at {deleted_ms}: {times:?}"
    );
    sim.clock.advance(30 * 86_400_000);
    let token = sim.admin().await;
    let later = sim.ok(&token, &window(created)).await;
    assert_eq!(later, now, "the same answer 30 days on");
}
