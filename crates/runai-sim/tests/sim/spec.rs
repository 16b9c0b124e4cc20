//! Every simulator answer validated against the official spec
//! (`data/runai/openapi.json`) by a JSON-schema validator, over many randomized
//! queries, errors included.

use runai_sim::testing::Sim;
use serde_json::{Value, json};

/// OpenAPI 3.0's `nullable: true` is not JSON Schema: it becomes `anyOf [null, …]`,
/// under the strictest reading: `nullable` widens only the `type` beside it, so next to
/// an `allOf` with no `type` of its own (`phaseReason`, `orgType`) it allows no `null`
/// that the `allOf`'s enum refuses.
fn to_json_schema(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for child in map.values_mut() {
                to_json_schema(child);
            }
            let strict_all_of = map.contains_key("allOf") && !map.contains_key("type");
            if map.remove("nullable") == Some(Value::Bool(true)) && !strict_all_of {
                let inner = Value::Object(std::mem::take(map));
                map.insert("anyOf".into(), json!([{"type": "null"}, inner]));
            }
        }
        Value::Array(items) => items.iter_mut().for_each(to_json_schema),
        _ => {}
    }
}

fn spec() -> Value {
    let text = include_str!("../../../../data/runai/openapi.json");
    let mut spec: Value = serde_json::from_str(text).unwrap();
    to_json_schema(&mut spec);
    spec
}

/// A validator for the schema at `pointer` inside the spec (refs resolve in the spec).
fn validator(spec: &Value, pointer: &str) -> jsonschema::Validator {
    let mut root = spec.clone();
    root["$ref"] = Value::String(format!("#{pointer}"));
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|err| panic!("{pointer}: {err}"))
}

fn response_schema(path: &str, status: &str) -> String {
    // JSON-pointer escapes, then URI escapes for the braces of path templates.
    let escaped = path
        .replace('~', "~0")
        .replace('/', "~1")
        .replace('{', "%7B")
        .replace('}', "%7D");
    format!("/paths/{escaped}/get/responses/{status}/content/application~1json/schema")
}

#[track_caller]
fn assert_valid(validator: &jsonschema::Validator, body: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} breaks the spec:\n{}\n{body:#}",
        errors.join("\n")
    );
}

/// A tiny deterministic generator for the randomized queries.
struct Dice(u64);

impl Dice {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next(items.len())]
    }
}

/// The 26 sort keys, in the spec's order.
fn sort_keys() -> Vec<&'static str> {
    runai::query::SortBy::ALL
        .iter()
        .map(|k| k.as_str())
        .collect()
}
const FILTERS: &[&str] = &[
    "phase==Running",
    "phase!=Completed",
    "allocatedGPU>=1",
    "priority<=80",
    "name=@a",
    "projectName=^v",
    "departmentName=$h",
    "type!@Job",
    "createdAt>=2026-11-26T00:00:00Z",
    "completedAt<=2026-11-27T08:00:00+00:00",
    "category==Train",
    "nodepool=@h100",
    "idleAllocatedGpus>=0.5",
    "totalRunningTimeSeconds>=60",
    "submittedBy=@runboard",
    "priorityClassName==high",
    "distributedFramework==PyTorch",
];
const METRICS: &[&str] = &[
    "GPU_UTILIZATION",
    "GPU_MEMORY_USAGE_BYTES",
    "GPU_MEMORY_REQUEST_BYTES",
    "CPU_USAGE_CORES",
    "CPU_REQUEST_CORES",
    "CPU_LIMIT_CORES",
    "CPU_MEMORY_USAGE_BYTES",
    "CPU_MEMORY_REQUEST_BYTES",
    "CPU_MEMORY_LIMIT_BYTES",
    "POD_COUNT",
    "RUNNING_POD_COUNT",
    "GPU_ALLOCATION",
    "NIM_NUM_REQUESTS_RUNNING",
    "NIM_NUM_REQUESTS_WAITING",
    "NIM_NUM_REQUEST_MAX",
    "NIM_REQUEST_SUCCESS_TOTAL",
    "NIM_REQUEST_FAILURE_TOTAL",
    "NIM_GPU_CACHE_USAGE_PERC",
    "NIM_TIME_TO_FIRST_TOKEN_SECONDS",
    "NIM_E2E_REQUEST_LATENCY_SECONDS",
    "NIM_TIME_TO_FIRST_TOKEN_SECONDS_PERCENTILES",
    "NIM_E2E_REQUEST_LATENCY_SECONDS_PERCENTILES",
    "NVLINK_BANDWIDTH_TOTAL",
];
const GROUPS: &[&str] = &[
    "ClusterId",
    "DepartmentId",
    "ProjectId",
    "Type",
    "CurrentNodepools",
    "Phase",
    "Category",
];

fn encode(text: &str) -> String {
    runai::query::encode_query(&[("x", text.to_owned())])[2..].to_owned()
}

/// SHA-256 of Run:ai's published 2.23 spec, as the project received it.
const SPEC_SHA256: &str = "18816d44849a2bae361664340f400e9828aa91246e29ccaf11c23265fb1fcb43";

#[test]
fn the_committed_spec_is_the_published_one() {
    use sha2::{Digest, Sha256};

    let committed = include_str!("../../../../data/runai/openapi.json");
    let digest: String = Sha256::digest(committed.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    assert_eq!(digest, SPEC_SHA256, "data/runai/openapi.json was edited");
    // Beside a checkout that has the shared copy, the two must also agree byte for byte.
    let shared =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/runai/openapi.json");
    match std::fs::read_to_string(&shared) {
        Ok(text) => assert_eq!(text, committed, "data/runai/openapi.json drifted"),
        Err(err) => eprintln!(
            "no shared spec at {} ({err}): the pinned digest decides",
            shared.display()
        ),
    }
}

#[tokio::test]
async fn randomized_queries_answer_in_the_spec_s_shapes() {
    let sim = Sim::start().await;
    let token = sim.admin().await;
    let spec = spec();
    let list = validator(&spec, &response_schema("/api/v1/workloads", "200"));
    let count = validator(&spec, &response_schema("/api/v1/workloads/count", "200"));
    let detail = validator(
        &spec,
        &response_schema("/api/v1/workloads/{workloadId}", "200"),
    );
    let telemetry = validator(
        &spec,
        &response_schema("/api/v1/workloads/telemetry", "200"),
    );
    let metrics_ok = validator(
        &spec,
        &response_schema("/api/v1/workloads/{workloadId}/metrics", "200"),
    );
    let metrics_partial = validator(
        &spec,
        &response_schema("/api/v1/workloads/{workloadId}/metrics", "207"),
    );
    let error = validator(&spec, "/components/schemas/Error");

    let mut dice = Dice(7);
    let mut ids = Vec::new();
    for round in 0..60 {
        let mut query = format!(
            "sortBy={}&sortOrder={}",
            dice.pick(&sort_keys()),
            dice.pick(&["asc", "desc"])
        );
        let filters: Vec<&str> = (0..dice.next(3)).map(|_| dice.pick(FILTERS)).collect();
        if !filters.is_empty() {
            query += &format!("&filterBy={}", encode(&filters.join(",")));
        }
        if dice.next(4) == 0 {
            query += "&deleted=true";
        }
        if dice.next(3) == 0 {
            query += &format!(
                "&search={}",
                dice.pick(&["vision", "serve", "ada", "Training", "zz"])
            );
        }
        query += &format!("&limit={}&offset={}", 1 + dice.next(120), dice.next(40));
        let body = sim.ok(&token, &format!("/api/v1/workloads?{query}")).await;
        assert_valid(&list, &body, &format!("list #{round} ?{query}"));
        ids.extend(
            body["workloads"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| w["id"].as_str().unwrap().to_owned()),
        );
        let body = sim
            .ok(&token, &format!("/api/v1/workloads/count?{query}"))
            .await;
        assert_valid(&count, &body, "count");
    }
    assert!(
        ids.len() > 500,
        "the queries returned rows to check ({})",
        ids.len()
    );
    ids.sort();
    ids.dedup();

    for id in ids.iter().take(150) {
        let body = sim.ok(&token, &format!("/api/v1/workloads/{id}")).await;
        assert_valid(&detail, &body, &format!("workload {id}"));
        assert!(
            body.get("childrenIds").is_none(),
            "childrenIds is write-only"
        );
    }

    for _ in 0..40 {
        let mut query = format!(
            "telemetryType={}",
            dice.pick(&["WORKLOADS_COUNT", "GPU_ALLOCATION"])
        );
        let first = dice.pick(GROUPS);
        match dice.next(3) {
            0 => {}
            1 => query += &format!("&groupBy={first}"),
            _ => {
                let second = GROUPS
                    .iter()
                    .find(|g| **g != first && dice.next(2) == 0)
                    .unwrap_or(&"Phase");
                if *second != first {
                    query += &format!("&groupBy={}", encode(&format!("{first},{second}")));
                }
            }
        }
        if dice.next(3) == 0 {
            query += &format!("&departmentId={}", dice.pick(&["1", "2", "3", "4"]));
        }
        let body = sim
            .ok(&token, &format!("/api/v1/workloads/telemetry?{query}"))
            .await;
        assert_valid(&telemetry, &body, &format!("telemetry ?{query}"));
    }

    let end = "2026-11-27T08:00:00Z";
    for id in ids.iter().take(60) {
        let types: Vec<&str> = (0..1 + dice.next(5)).map(|_| dice.pick(METRICS)).collect();
        let mut types = types;
        types.sort();
        types.dedup();
        let start = dice.pick(&[
            "2026-11-27T07:00:00Z",
            "2026-11-26T08:00:00Z",
            "2026-11-27T07:59:00Z",
        ]);
        let query = format!(
            "metricType={}&start={start}&end={end}&numberOfSamples={}",
            encode(&types.join(",")),
            dice.next(60)
        );
        let (status, body) = sim
            .get(&token, &format!("/api/v1/workloads/{id}/metrics?{query}"))
            .await;
        match status {
            200 => assert_valid(&metrics_ok, &body, &format!("metrics ?{query}")),
            207 => assert_valid(
                &metrics_partial,
                &body,
                &format!("partial metrics ?{query}"),
            ),
            other => panic!("metrics answered {other}: {body}"),
        }
    }

    // Errors carry the spec's Error body.
    for (path, expected) in [
        ("/api/v1/workloads?filterBy=colour%3D%3Dred", 400),
        ("/api/v1/workloads?limit=0", 400),
        ("/api/v1/workloads/not-a-uuid", 400),
        (
            "/api/v1/workloads/00000000-0000-4000-8000-000000000000",
            404,
        ),
        ("/api/v1/workloads/telemetry?telemetryType=GPU_HOURS", 400),
    ] {
        let (status, body) = sim.get(&token, path).await;
        assert_eq!(status, expected, "{path}: {body}");
        assert_valid(&error, &body, path);
        assert_eq!(body["code"], expected);
    }
    let (status, body) = sim.get("not-a-token", "/api/v1/workloads").await;
    assert_eq!(status, 401);
    assert_valid(&error, &body, "401");
}

#[tokio::test]
async fn the_validator_catches_what_breaks_the_spec() {
    let sim = Sim::start().await;
    let token = sim.admin().await;
    let spec = spec();
    let list = validator(&spec, &response_schema("/api/v1/workloads", "200"));
    let good = sim.ok(&token, "/api/v1/workloads?limit=1").await;
    assert!(list.is_valid(&good));
    for (pointer, bad) in [
        ("/workloads", json!("not a list")),
        ("/workloads/0/phase", json!("Bogus")),
        ("/workloads/0/createdAt", json!("yesterday")),
        ("/workloads/0/id", json!("not-a-uuid")),
        ("/workloads/0/priority", json!("high")),
    ] {
        let mut broken = good.clone();
        *broken.pointer_mut(pointer).unwrap() = bad;
        assert!(!list.is_valid(&broken), "{pointer} should be refused");
    }
    let mut missing = good.clone();
    missing["workloads"][0]
        .as_object_mut()
        .unwrap()
        .remove("projectName");
    assert!(!list.is_valid(&missing));
    let mut nullable = good.clone();
    nullable["workloads"][0]["deletedAt"] = Value::Null;
    assert!(list.is_valid(&nullable), "nullable fields take null");
}
