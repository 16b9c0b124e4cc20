//! What the Run:ai client sends and reads, against a fake control plane: array
//! parameters `explode: false`, CSV variants, 207, spec-breaking bodies, and queries
//! refused before sending.

use crate::common::*;

#[tokio::test]
async fn arrays_are_sent_explode_false_exactly_as_the_spec_says() {
    let (base, seen) = start(api_routes()).await;
    let client = client(&base);
    let query = ListQuery::parse(
        "filterBy=phase==Running&filterBy=allocatedGPU>=2&sortBy=createdAt&sortOrder=desc&limit=25",
    )
    .unwrap();
    let page = client.list_workloads(&key(), &query).await.unwrap();
    assert_eq!(page.next, Some(10));
    assert_eq!(
        seen.last_query.lock().unwrap().as_deref(),
        Some(
            "filterBy=phase%3D%3DRunning%2CallocatedGPU%3E%3D2&limit=25&sortBy=createdAt&sortOrder=desc"
        )
    );
    assert_eq!(
        seen.last_accept.lock().unwrap().as_deref(),
        Some("application/json")
    );

    let telemetry =
        TelemetryQuery::parse("telemetryType=GPU_ALLOCATION&groupBy=DepartmentId,Phase").unwrap();
    client
        .workloads_telemetry(&key(), &telemetry)
        .await
        .unwrap();
    assert_eq!(
        seen.last_query.lock().unwrap().as_deref(),
        Some("telemetryType=GPU_ALLOCATION&groupBy=DepartmentId%2CPhase")
    );
}

#[tokio::test]
async fn csv_variants_ask_for_text_csv() {
    let (base, seen) = start(api_routes()).await;
    let client = client(&base);
    let telemetry = TelemetryQuery::parse("telemetryType=WORKLOADS_COUNT").unwrap();
    let csv = client
        .workloads_telemetry_csv(&key(), &telemetry)
        .await
        .unwrap();
    assert_eq!(csv, "group,value\nresearch,12\n");
    assert_eq!(
        seen.last_accept.lock().unwrap().as_deref(),
        Some("text/csv")
    );

    let metrics = MetricsQuery::parse(
        "metricType=GPU_UTILIZATION&start=2026-11-27T05:00:00Z&end=2026-11-27T06:00:00Z",
    )
    .unwrap();
    let id = uuid::Uuid::from_u128(7);
    client
        .workload_metrics_csv(&key(), id, &metrics)
        .await
        .unwrap();
    assert_eq!(
        seen.last_accept.lock().unwrap().as_deref(),
        Some("text/csv")
    );
}

#[tokio::test]
async fn a_207_returns_the_data_and_what_is_missing() {
    let (base, _) = start(api_routes()).await;
    let query = MetricsQuery::parse(
        "metricType=GPU_UTILIZATION,NIM_NUM_REQUESTS_RUNNING&start=2026-11-27T05:00:00Z&end=2026-11-27T06:00:00Z&numberOfSamples=10",
    )
    .unwrap();
    let result = client(&base)
        .workload_metrics(&key(), uuid::Uuid::from_u128(7), &query)
        .await
        .unwrap();
    assert_eq!(result.data.measurements.len(), 1);
    assert_eq!(result.missing, [MetricType::NimNumRequestsRunning]);
}

#[tokio::test]
async fn a_body_that_breaks_the_spec_is_a_decode_error_saying_where() {
    let (base, _) = start(api_routes()).await;
    let result = client(&base)
        .get_workload(&key(), uuid::Uuid::from_u128(7))
        .await;
    match result {
        Err(ApiError::Decode { what, at }) => {
            assert_eq!(what, "workload");
            assert!(at.starts_with("name: invalid type: integer `42`"), "{at}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn invalid_queries_are_refused_before_any_request() {
    let (base, seen) = start(api_routes()).await;
    let client = client(&base);
    let query = ListQuery {
        limit: Some(0),
        ..Default::default()
    };
    let result = client.list_workloads(&key(), &query).await;
    assert!(
        matches!(result, Err(ApiError::BadRequest(ref m)) if m.contains("limit")),
        "{result:?}"
    );
    let mut metrics = MetricsQuery::parse(
        "metricType=GPU_UTILIZATION&start=2026-11-27T05:00:00Z&end=2026-11-27T06:00:00Z",
    )
    .unwrap();
    metrics.end = metrics.start;
    let result = client
        .workload_metrics(&key(), uuid::Uuid::from_u128(7), &metrics)
        .await;
    assert!(matches!(result, Err(ApiError::BadRequest(_))), "{result:?}");
    assert_eq!(seen.api_requests.load(Ordering::SeqCst), 0);
    assert_eq!(seen.token_requests.load(Ordering::SeqCst), 0);
}
