//! The simulator agrees with itself: what telemetry says the cluster holds at an instant
//! is what the workloads' own metrics add up to then, counted again days later, when
//! many of them have finished or been deleted.

use runai_sim::testing::{START_MS, Sim};

use super::{enc, instant};

const HOUR_MS: i64 = 3_600_000;

#[tokio::test]
async fn telemetry_gpu_allocation_equals_the_sum_of_the_workloads_metrics() {
    let sim = Sim::start().await;
    // Instants a little over a day apart (different hours of the day), so that one
    // metrics call per workload samples all of them.
    let step = 27 * HOUR_MS + 17 * 60_000;
    let instants: Vec<i64> = (0..4).map(|i| START_MS + i * step).collect();
    let (mut told, mut now) = (Vec::new(), START_MS);
    for &at in &instants {
        sim.clock.advance(at - now);
        now = at;
        let token = sim.admin().await;
        let body = sim
            .ok(
                &token,
                "/api/v1/workloads/telemetry?telemetryType=GPU_ALLOCATION",
            )
            .await;
        let value: f64 = body["values"][0]["value"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        told.push(value);
    }

    // Every workload there has been, kept or deleted since.
    let token = sim.admin().await;
    let mut workloads = sim.all(&token, "deleted=false").await;
    workloads.extend(sim.all(&token, "deleted=true").await);
    let mut summed = vec![0.0; instants.len()];
    let last = *instants.last().unwrap();
    for w in &workloads {
        let path = format!(
            "/api/v1/workloads/{}/metrics?metricType=GPU_ALLOCATION&start={}&end={}&numberOfSamples={}",
            w["id"].as_str().unwrap(),
            enc(&instant(START_MS)),
            enc(&instant(last)),
            instants.len(),
        );
        let (status, body) = sim.get(&token, &path).await;
        if status == 207 || body["measurements"].as_array().is_none_or(Vec::is_empty) {
            continue; // asks for no GPU
        }
        assert_eq!(status, 200, "{path}: {body}");
        for value in body["measurements"][0]["values"].as_array().unwrap() {
            let at = value["timestamp"].as_str().unwrap();
            let at = runai::model::Timestamp::parse(at).unwrap().unix_millis();
            let i = instants
                .iter()
                .position(|&t| t == at)
                .expect("a sampled instant");
            summed[i] += value["value"].as_str().unwrap().parse::<f64>().unwrap();
        }
    }
    for (i, (told, summed)) in told.iter().zip(&summed).enumerate() {
        eprintln!("instant {i}: telemetry {told} GPUs, metrics {summed:.2}");
        assert!(*told > 100.0, "a loaded cluster: {told}");
        // Telemetry rounds its sum to two decimals; each sample is rounded to three.
        assert!(
            (told - summed).abs() < 0.05,
            "at instant {i}: telemetry says {told} GPUs, the metrics add up to {summed}"
        );
    }
}
