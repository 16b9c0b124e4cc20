//! Every query parameter of the Workloads API at its bounds and formats, both ways: a
//! value the spec allows is answered, one it refuses is a 400 naming the parameter,
//! under the strictest reading (an int32 ends at 2,147,483,647; an empty value is no
//! number, boolean, date, UUID or enum value; an array item is never empty).

use runai_sim::testing::Sim;

/// The metrics of one workload that exists, with `query`.
fn metrics(id: &str, query: &str) -> String {
    format!("/api/v1/workloads/{id}/metrics?{query}")
}

const RANGE: &str = "start=2026-11-27T05%3A00%3A00Z&end=2026-11-27T06%3A00%3A00Z";

#[tokio::test]
async fn each_parameter_is_answered_inside_its_bounds_and_refused_outside() {
    let sim = Sim::start().await;
    let token = sim.admin().await;
    let rows = sim.all(&token, "limit=1").await;
    let id = rows[0]["id"].as_str().unwrap().to_owned();
    let cluster = rows[0]["clusterId"].as_str().unwrap().to_owned();
    let list = |q: &str| format!("/api/v1/workloads?{q}");
    let count = |q: &str| format!("/api/v1/workloads/count?{q}");
    let telemetry =
        |q: &str| format!("/api/v1/workloads/telemetry?telemetryType=WORKLOADS_COUNT&{q}");
    let answered: Vec<String> = vec![
        list("offset=0"),
        list("offset=2147483647"),
        list("limit=1"),
        list("limit=500"),
        list("deleted=true"),
        list("deleted=false"),
        list("sortBy=createdAt&sortOrder=desc"),
        list("filterBy=phase%3D%3DRunning"),
        list("search="),
        count("deleted=true"),
        count("filterBy=allocatedGPU%3E%3D1"),
        telemetry(&format!("clusterId={cluster}")),
        telemetry("groupBy=Type,Phase"),
        telemetry("nodepoolName=&departmentId="),
        "/api/v1/workloads/telemetry?telemetryType=GPU_ALLOCATION".to_owned(),
        metrics(&id, &format!("metricType=GPU_UTILIZATION&{RANGE}")),
        metrics(
            &id,
            &format!("metricType=GPU_UTILIZATION&{RANGE}&numberOfSamples=0"),
        ),
        metrics(
            &id,
            &format!("metricType=GPU_UTILIZATION&{RANGE}&numberOfSamples=1000"),
        ),
        format!("/api/v1/workloads/{id}"),
    ];
    for path in &answered {
        let (status, body) = sim.get(&token, path).await;
        assert!(status == 200 || status == 207, "{path} → {status}: {body}");
    }
    let refused: Vec<(String, &str)> = vec![
        (list("offset=2147483648"), "offset"),
        (list("offset=-1"), "offset"),
        (list("offset="), "offset"),
        (list("offset=1.5"), "offset"),
        (list("limit=0"), "limit"),
        (list("limit=501"), "limit"),
        (list("limit="), "limit"),
        (list("deleted="), "deleted"),
        (list("deleted=yes"), "deleted"),
        (list("sortBy="), "sortBy"),
        (list("sortBy=colour"), "sortBy"),
        (list("sortOrder=up"), "sortOrder"),
        (list("filterBy="), "filterBy"),
        (list("filterBy=phase%3D%3DRunning,"), "filterBy"),
        (list("filterBy=colour%3D%3Dred"), "filterBy"),
        (count("deleted="), "deleted"),
        (count("filterBy="), "filterBy"),
        (telemetry("clusterId="), "clusterId"),
        (telemetry("clusterId=not-a-uuid"), "clusterId"),
        (telemetry("groupBy=Type,Phase,Category"), "groupBy"),
        (telemetry("groupBy=Colour"), "groupBy"),
        (telemetry("groupBy=Type,"), "groupBy"),
        (
            "/api/v1/workloads/telemetry?telemetryType=".to_owned(),
            "telemetryType",
        ),
        ("/api/v1/workloads/telemetry".to_owned(), "telemetryType"),
        (metrics(&id, RANGE), "metricType"),
        (metrics(&id, &format!("metricType=&{RANGE}")), "metricType"),
        (
            metrics(&id, &format!("metricType=COLOUR&{RANGE}")),
            "metricType",
        ),
        (
            metrics(
                &id,
                "metricType=GPU_UTILIZATION&start=&end=2026-11-27T06%3A00%3A00Z",
            ),
            "start",
        ),
        (
            metrics(
                &id,
                "metricType=GPU_UTILIZATION&start=yesterday&end=2026-11-27T06%3A00%3A00Z",
            ),
            "start",
        ),
        (
            metrics(
                &id,
                &format!("metricType=GPU_UTILIZATION&{RANGE}&numberOfSamples=1001"),
            ),
            "numberOfSamples",
        ),
        (
            metrics(
                &id,
                &format!("metricType=GPU_UTILIZATION&{RANGE}&numberOfSamples="),
            ),
            "numberOfSamples",
        ),
        (
            metrics(
                &id,
                &format!("metricType=GPU_UTILIZATION&{RANGE}&numberOfSamples=-1"),
            ),
            "numberOfSamples",
        ),
        ("/api/v1/workloads/not-a-uuid".to_owned(), "workloadId"),
        (
            metrics("not-a-uuid", &format!("metricType=GPU_UTILIZATION&{RANGE}")),
            "workloadId",
        ),
    ];
    for (path, param) in &refused {
        let (status, body) = sim.get(&token, path).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert!(
            body.to_string().contains(param),
            "{path}: the refusal names {param}: {body}"
        );
    }
}
