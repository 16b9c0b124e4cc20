//! The simulator's wider world answers like a control plane: scoped keys see their
//! department only, telemetry adds up to the counts, metrics follow the workload and
//! the trace, and the cluster moves with the clock.

use runai_sim::testing::Sim;
use serde_json::Value;

fn enc(text: &str) -> String {
    runai::query::encode_query(&[("x", text.to_owned())])[2..].to_owned()
}

#[tokio::test]
async fn scoped_keys_see_only_their_department() {
    let sim = Sim::start().await;
    let admin = sim.admin().await;
    let alice = sim.token("alice", "alice").await;
    let mine = sim.all(&alice, "").await;
    assert!(!mine.is_empty());
    assert!(mine.iter().all(|w| w["departmentId"] == "1"));
    let everyone = sim.all(&admin, "").await;
    assert!(everyone.len() > mine.len());
    let count = sim.ok(&alice, "/api/v1/workloads/count").await;
    assert_eq!(count["count"].as_u64().unwrap() as usize, mine.len());

    let theirs = everyone.iter().find(|w| w["departmentId"] == "3").unwrap()["id"]
        .as_str()
        .unwrap();
    let (status, body) = sim
        .get(&alice, &format!("/api/v1/workloads/{theirs}"))
        .await;
    assert_eq!((status, body["code"].as_u64()), (403, Some(403)));
    let (status, _) = sim
        .get(&alice, &format!("/api/v1/workloads/{theirs}/metrics?metricType=POD_COUNT&start=2026-11-27T07:00:00Z&end=2026-11-27T08:00:00Z"))
        .await;
    assert_eq!(status, 403);
    let own = mine[0]["id"].as_str().unwrap();
    assert_eq!(
        sim.get(&alice, &format!("/api/v1/workloads/{own}")).await.0,
        200
    );

    let telemetry = sim
        .ok(
            &alice,
            "/api/v1/workloads/telemetry?telemetryType=WORKLOADS_COUNT&groupBy=DepartmentId",
        )
        .await;
    let groups: Vec<&Value> = telemetry["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| &v["groups"][0]["value"])
        .collect();
    assert_eq!(groups, [&Value::from("1")]);
    let (status, _) = sim
        .get(
            &alice,
            "/api/v1/workloads/telemetry?telemetryType=WORKLOADS_COUNT&departmentId=3",
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn telemetry_adds_up_to_the_counts() {
    let sim = Sim::start().await;
    let token = sim.admin().await;
    let total = sim.ok(&token, "/api/v1/workloads/count").await["count"]
        .as_u64()
        .unwrap();
    let plain = sim
        .ok(
            &token,
            "/api/v1/workloads/telemetry?telemetryType=WORKLOADS_COUNT",
        )
        .await;
    assert_eq!(plain["values"][0]["value"], total.to_string());

    let by_phase = sim
        .ok(
            &token,
            "/api/v1/workloads/telemetry?telemetryType=WORKLOADS_COUNT&groupBy=Phase",
        )
        .await;
    let mut sum = 0;
    for value in by_phase["values"].as_array().unwrap() {
        let phase = value["groups"][0]["value"].as_str().unwrap();
        let n: u64 = value["value"].as_str().unwrap().parse().unwrap();
        let count = sim
            .ok(
                &token,
                &format!(
                    "/api/v1/workloads/count?filterBy={}",
                    enc(&format!("phase=={phase}"))
                ),
            )
            .await;
        assert_eq!(count["count"].as_u64().unwrap(), n, "{phase}");
        sum += n;
    }
    assert_eq!(sum, total);

    let gpus = sim
        .ok(
            &token,
            "/api/v1/workloads/telemetry?telemetryType=GPU_ALLOCATION&groupBy=DepartmentId%2CPhase",
        )
        .await;
    let allocated: f64 = sim
        .all(&token, "")
        .await
        .iter()
        .filter_map(|w| w["allocatedResources"]["gpu"].as_f64())
        .sum();
    let reported: f64 = gpus["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["value"].as_str().unwrap().parse::<f64>().unwrap())
        .sum();
    assert!(
        (allocated - reported).abs() < 0.1,
        "{allocated} vs {reported}"
    );
    let first = &gpus["values"][0]["groups"];
    assert_eq!(first[0]["key"], "DepartmentId");
    assert!(
        first[0]["name"].is_string(),
        "department groups carry names"
    );
    assert_eq!(first[1]["key"], "Phase");

    let csv = sim
        .http
        .get(format!(
            "{}/api/v1/workloads/telemetry?telemetryType=WORKLOADS_COUNT&groupBy=Phase",
            sim.url
        ))
        .bearer_auth(&token)
        .header("accept", "text/csv")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.starts_with("Phase,PhaseName,value\n"), "{csv}");
}

#[tokio::test]
async fn the_cluster_lives_with_the_clock() {
    let sim = Sim::start().await;
    let token = sim.admin().await;
    let before = sim.all(&token, "").await;
    let running: Vec<&Value> = before.iter().filter(|w| w["phase"] == "Running").collect();
    let pending = before.iter().filter(|w| w["phase"] == "Pending").count();
    assert!(
        !running.is_empty() && pending > 0,
        "a fresh start shows work in several phases"
    );

    sim.clock.advance(60_000);
    let token = sim.admin().await;
    let first = running[0]["id"].as_str().unwrap();
    let after = sim.ok(&token, &format!("/api/v1/workloads/{first}")).await;
    if after["phase"] == "Running" {
        let grew = after["totalRunningTimeSeconds"].as_i64().unwrap()
            - running[0]["totalRunningTimeSeconds"].as_i64().unwrap();
        assert_eq!(grew, 60, "running time follows the clock");
    }

    sim.clock.advance(6 * 3_600_000);
    let token = sim.admin().await;
    let later = sim.all(&token, "").await;
    let new = later
        .iter()
        .filter(|w| w["createdAt"].as_str().unwrap() > "2026-11-27T08:00:00Z")
        .count();
    assert!(new > 0, "new workloads arrived");
    let finished = running
        .iter()
        .filter(|w| {
            let id = w["id"].as_str().unwrap();
            later
                .iter()
                .any(|l| l["id"] == id && (l["phase"] == "Completed" || l["phase"] == "Failed"))
        })
        .count();
    assert!(finished > 0, "some running workloads finished");
    let pending_detail = later
        .iter()
        .find(|w| w["phase"] == "Pending" && !w["phaseReason"].is_null())
        .unwrap();
    let detail = sim
        .ok(
            &token,
            &format!(
                "/api/v1/workloads/{}",
                pending_detail["id"].as_str().unwrap()
            ),
        )
        .await;
    let messages = detail["pendingSchedulingMessages"].as_array().unwrap();
    assert!(
        !messages.is_empty() && messages[0]["userMessage"].is_string(),
        "{detail}"
    );
}

#[tokio::test]
async fn metrics_follow_the_workload_and_the_trace() {
    let sim = Sim::start().await;
    let token = sim.admin().await;
    let rows = sim
        .all(
            &token,
            &format!("filterBy={}", enc("phase==Running,allocatedGPU>=2")),
        )
        .await;
    let training = rows
        .iter()
        .find(|w| w["category"] == "Train" && w["requestedPods"]["number"] == 1)
        .unwrap();
    let id = training["id"].as_str().unwrap();
    let gpus = training["allocatedResources"]["gpu"].as_f64().unwrap();
    let window = "start=2026-11-27T07:58:00Z&end=2026-11-27T08:00:00Z&numberOfSamples=5";
    let path = format!(
        "/api/v1/workloads/{id}/metrics?metricType={}&{window}",
        enc("GPU_UTILIZATION,GPU_ALLOCATION,NIM_NUM_REQUESTS_RUNNING")
    );
    let (status, body) = sim.get(&token, &path).await;
    assert_eq!(
        status, 207,
        "NIM types are missing for a training job: {body}"
    );
    let measurements = body["measurements"].as_array().unwrap();
    let per_gpu: Vec<&Value> = measurements
        .iter()
        .filter(|m| m["type"] == "GPU_UTILIZATION")
        .collect();
    assert_eq!(per_gpu.len(), gpus as usize, "one measurement per GPU");
    assert_eq!(per_gpu[0]["labels"]["gpu"], "0");
    assert!(
        measurements
            .iter()
            .all(|m| m["type"] != "NIM_NUM_REQUESTS_RUNNING")
    );
    let allocation = measurements
        .iter()
        .find(|m| m["type"] == "GPU_ALLOCATION")
        .unwrap();
    for v in allocation["values"].as_array().unwrap() {
        assert_eq!(v["value"].as_str().unwrap().parse::<f64>().unwrap(), gpus);
    }
    assert_eq!(sim.get(&token, &path).await.1, body, "deterministic");

    let inference = sim
        .all(
            &token,
            &format!(
                "filterBy={}",
                enc("phase==Running,type==Inference,idleAllocatedGpus==0")
            ),
        )
        .await
        .into_iter()
        .next()
        .unwrap();
    let path = format!(
        "/api/v1/workloads/{}/metrics?metricType={}&start=2026-11-27T07:00:00Z&end=2026-11-27T08:00:00Z&numberOfSamples=30",
        inference["id"].as_str().unwrap(),
        enc(
            "NIM_NUM_REQUESTS_RUNNING,NIM_TIME_TO_FIRST_TOKEN_SECONDS_PERCENTILES,NIM_E2E_REQUEST_LATENCY_SECONDS"
        )
    );
    let (status, body) = sim.get(&token, &path).await;
    assert_eq!(status, 200, "{body}");
    let histogram = body["histogram"].as_array().unwrap();
    let percentiles = histogram
        .iter()
        .find(|h| h["type"] == "NIM_TIME_TO_FIRST_TOKEN_SECONDS_PERCENTILES")
        .unwrap();
    let data = &percentiles["values"][0]["data"];
    let (p50, p99): (f64, f64) = (
        data["p50"].as_str().unwrap().parse().unwrap(),
        data["p99"].as_str().unwrap().parse().unwrap(),
    );
    assert!(p50 <= p99 && p99 < 10.0, "{data}");
    let buckets = &histogram
        .iter()
        .find(|h| h["type"] == "NIM_E2E_REQUEST_LATENCY_SECONDS")
        .unwrap()["values"][0]["data"];
    let inf: f64 = buckets["+Inf"].as_str().unwrap().parse().unwrap();
    let one: f64 = buckets["1"].as_str().unwrap().parse().unwrap();
    assert!(one <= inf && inf > 0.0, "cumulative buckets: {buckets}");

    let csv = sim
        .http
        .get(format!("{}{path}", sim.url))
        .bearer_auth(&token)
        .header("accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    assert!(
        csv.text()
            .await
            .unwrap()
            .starts_with("timestamp,type,gpu,value\n")
    );
}
