//! The simulator answers like a control plane: filters, search, sort, paging, count,
//! deleted, scopes, telemetry and metrics agree with each other, and the cluster
//! moves with the clock.

mod common;

use std::collections::HashSet;

use common::Sim;
use serde_json::Value;

fn ids(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|w| w["id"].as_str().unwrap().to_owned())
        .collect()
}

fn enc(text: &str) -> String {
    app::runai::query::encode_query(&[("x", text.to_owned())])[2..].to_owned()
}

#[tokio::test]
async fn count_equals_the_list_total_under_the_same_words() {
    let sim = Sim::start().await;
    let token = sim.admin().await;
    for query in [
        "",
        "deleted=true",
        &format!("filterBy={}", enc("phase==Running,allocatedGPU>=2")),
        &format!("filterBy={}", enc("createdAt>=2026-11-27T00:00:00Z")),
        "search=vision",
        &format!("search=serve&filterBy={}", enc("category==Deploy")),
    ] {
        let rows = sim.all(&token, query).await;
        let count = sim
            .ok(&token, &format!("/api/v1/workloads/count?{query}"))
            .await;
        assert_eq!(
            count["count"].as_u64().unwrap() as usize,
            rows.len(),
            "?{query}"
        );
    }
}

#[tokio::test]
async fn pages_tile_the_list_without_gaps_or_repeats() {
    let sim = Sim::start().await;
    let token = sim.admin().await;
    let whole = ids(&sim.all(&token, "sortBy=name").await);
    let mut paged = Vec::new();
    let mut offset = 0;
    loop {
        let page = sim
            .ok(
                &token,
                &format!("/api/v1/workloads?sortBy=name&limit=37&offset={offset}"),
            )
            .await;
        let rows = page["workloads"].as_array().unwrap();
        assert!(rows.len() <= 37);
        paged.extend(ids(rows));
        match page["next"].as_i64() {
            Some(next) => {
                assert_eq!(next as usize, offset + 37);
                offset = next as usize;
            }
            None => break,
        }
    }
    assert_eq!(paged, whole);
    assert_eq!(whole.iter().collect::<HashSet<_>>().len(), whole.len());
    let past_the_end = sim.ok(&token, "/api/v1/workloads?offset=100000").await;
    assert_eq!(past_the_end["workloads"].as_array().unwrap().len(), 0);
    assert!(past_the_end.get("next").is_none());
    let default_page = sim.ok(&token, "/api/v1/workloads").await;
    assert_eq!(
        default_page["workloads"].as_array().unwrap().len(),
        50,
        "the default limit is 50"
    );
}

/// A comparable form of a sort key's JSON value (nulls as `None`).
fn key(w: &Value, sort_by: &str) -> Option<String> {
    let v = match sort_by {
        "nodepool" => w["requestedNodePools"][0].clone(),
        // No allocation (not running) counts as 0 GPUs, as the filter does.
        "allocatedGPU" => match &w["allocatedResources"]["gpu"] {
            Value::Null => Value::from(0.0),
            gpu => gpu.clone(),
        },
        other => w[other].clone(),
    };
    match v {
        Value::Null => None,
        Value::Number(n) => Some(format!("{:020.4}", n.as_f64().unwrap())),
        Value::String(s) => Some(s.to_lowercase()),
        other => Some(other.to_string()),
    }
}

#[tokio::test]
async fn every_sort_key_orders_both_ways_with_a_stable_id_tie_break() {
    let sim = Sim::start().await;
    let token = sim.admin().await;
    let everyone: HashSet<String> = ids(&sim.all(&token, "").await).into_iter().collect();
    for sort_by in app::runai::query::SortBy::ALL.iter().map(|k| k.as_str()) {
        for order in ["asc", "desc"] {
            let rows = sim
                .all(&token, &format!("sortBy={sort_by}&sortOrder={order}"))
                .await;
            assert_eq!(
                ids(&rows).into_iter().collect::<HashSet<_>>(),
                everyone,
                "{sort_by}: same rows"
            );
            let again = sim
                .all(&token, &format!("sortBy={sort_by}&sortOrder={order}"))
                .await;
            assert_eq!(
                ids(&rows),
                ids(&again),
                "{sort_by} {order}: the order is stable"
            );
            // Where the key is in the JSON as the API names it, check the order itself.
            if matches!(
                sort_by,
                "name"
                    | "projectName"
                    | "createdAt"
                    | "priority"
                    | "allocatedGPU"
                    | "category"
                    | "phase"
                    | "totalRunningTimeSeconds"
                    | "completedAt"
            ) {
                for pair in rows.windows(2) {
                    let (a, b) = (key(&pair[0], sort_by), key(&pair[1], sort_by));
                    let ordered = match (&a, &b) {
                        (None, None) => pair[0]["id"].as_str() < pair[1]["id"].as_str(),
                        (Some(_), None) => true, // nulls last
                        (None, Some(_)) => false,
                        (Some(x), Some(y)) if x == y => {
                            pair[0]["id"].as_str() < pair[1]["id"].as_str()
                        }
                        (Some(x), Some(y)) => {
                            if order == "asc" {
                                x < y
                            } else {
                                x > y
                            }
                        }
                    };
                    assert!(ordered, "{sort_by} {order}: {a:?} then {b:?}");
                }
            }
        }
    }
}

#[tokio::test]
async fn filters_and_search_select_what_they_say() {
    let sim = Sim::start().await;
    let token = sim.admin().await;
    let running = sim
        .all(&token, &format!("filterBy={}", enc("phase==Running")))
        .await;
    assert!(!running.is_empty());
    assert!(running.iter().all(|w| w["phase"] == "Running"));

    let big = sim
        .all(
            &token,
            &format!("filterBy={}", enc("phase==running,allocatedGPU>=2")),
        )
        .await;
    assert!(!big.is_empty());
    assert!(big.iter().all(
        |w| w["phase"] == "Running" && w["allocatedResources"]["gpu"].as_f64().unwrap() >= 2.0
    ));

    let recent = sim
        .all(
            &token,
            &format!("filterBy={}", enc("createdAt>=2026-11-27T09:00:00+02:00")),
        )
        .await;
    assert!(
        recent
            .iter()
            .all(|w| w["createdAt"].as_str().unwrap() >= "2026-11-27T07:00:00")
    );
    assert!(!recent.is_empty());

    let not_vision = sim
        .all(&token, &format!("filterBy={}", enc("projectName!=vision")))
        .await;
    assert!(not_vision.iter().all(|w| w["projectName"] != "vision"));
    let prefixed = sim
        .all(&token, &format!("filterBy={}", enc("name=^VISION-")))
        .await;
    assert!(
        !prefixed.is_empty()
            && prefixed
                .iter()
                .all(|w| w["name"].as_str().unwrap().starts_with("vision-"))
    );

    let found = sim.all(&token, "search=grace").await;
    assert!(!found.is_empty());
    assert!(found.iter().all(|w| {
        [
            "name",
            "projectName",
            "departmentName",
            "submittedBy",
            "type",
        ]
        .iter()
        .any(|f| {
            w[f].as_str()
                .unwrap_or_default()
                .to_lowercase()
                .contains("grace")
        })
    }));

    let deleted = sim.all(&token, "deleted=true").await;
    assert!(!deleted.is_empty(), "some workloads are deleted");
    assert!(deleted.iter().all(|w| !w["deletedAt"].is_null()));
    let live = sim.all(&token, "").await;
    assert!(live.iter().all(|w| w["deletedAt"].is_null()));

    let hostile = sim.all(&token, "search=script").await;
    assert!(
        hostile
            .iter()
            .any(|w| w["name"] == "<script>alert('runboard')</script>"),
        "hostile names exist"
    );
}

#[tokio::test]
async fn bad_input_is_a_400_naming_the_parameter() {
    let sim = Sim::start().await;
    let token = sim.admin().await;
    for (path, word) in [
        ("/api/v1/workloads?filterBy=colour%3D%3Dred", "filterBy"),
        ("/api/v1/workloads?filterBy=createdAt%3D%40x", "filterBy"),
        ("/api/v1/workloads?limit=501", "limit"),
        ("/api/v1/workloads?sortBy=colour", "sortBy"),
        ("/api/v1/workloads?deleted=maybe", "deleted"),
        (
            "/api/v1/workloads/count?filterBy=allocatedGPU%3E%3Dtwo",
            "filterBy",
        ),
        ("/api/v1/workloads/telemetry", "telemetryType"),
        (
            "/api/v1/workloads/telemetry?telemetryType=WORKLOADS_COUNT&groupBy=Type,Phase,Category",
            "groupBy",
        ),
        ("/api/v1/workloads/bogus", "workloadId"),
    ] {
        let (status, body) = sim.get(&token, path).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert!(
            body["message"].as_str().unwrap().contains(word),
            "{path}: {body}"
        );
    }
    let id = sim.all(&token, "").await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for query in [
        "",
        "metricType=GPU_UTILIZATION",
        "metricType=GPU_UTILIZATION&start=2026-11-27T08:00:00Z&end=2026-11-27T07:00:00Z",
    ] {
        let (status, _) = sim
            .get(&token, &format!("/api/v1/workloads/{id}/metrics?{query}"))
            .await;
        assert_eq!(status, 400, "{query}");
    }
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
