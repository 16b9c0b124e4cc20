//! The simulator's list and count answer like a control plane: filters, search, sort,
//! paging, count and deleted agree with each other; bad queries are 400s that say why.
//! Scopes, telemetry, metrics and time: `sim_semantics_world.rs`.

use std::collections::HashSet;

use runai_sim::testing::Sim;
use serde_json::Value;

fn ids(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|w| w["id"].as_str().unwrap().to_owned())
        .collect()
}

fn enc(text: &str) -> String {
    runai::query::encode_query(&[("x", text.to_owned())])[2..].to_owned()
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
    for sort_by in runai::query::SortBy::ALL.iter().map(|k| k.as_str()) {
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
        // An empty item matches no item of the spec's pattern.
        ("/api/v1/workloads?filterBy=", "filterBy"),
        (
            "/api/v1/workloads?filterBy=phase%3D%3DRunning%2C%2CallocatedGPU%3E%3D2",
            "filterBy",
        ),
        (
            "/api/v1/workloads/count?filterBy=phase%3D%3DRunning%2C",
            "filterBy",
        ),
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
