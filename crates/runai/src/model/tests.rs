//! Decoding spec-shaped JSON: required only, everything null, everything present,
//! unknown fields and unknown enum values.

use serde_json::{Value, json};

use super::*;

/// A workload with only the spec's required fields.
fn required_only() -> Value {
    json!({
        "type": "Training",
        "name": "llm-finetune",
        "id": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        "source": "CLI",
        "priority": null,
        "priorityClassName": "medium",
        "clusterId": "0b7c7a52-1111-4222-8333-944455556666",
        "projectName": "vision",
        "projectId": "12",
        "departmentName": "research",
        "departmentId": "3",
        "namespace": "runai-vision",
        "createdAt": "2026-11-27T05:00:00Z",
        "phase": "Running",
        "conditions": [],
        "k8sPhase": "Running",
        "tenantId": 1001,
        "runningPods": 1,
        "phaseUpdatedAt": "2026-11-27T05:01:00Z",
        "k8sPhaseUpdatedAt": "2026-11-27T05:01:00Z",
        "updatedAt": "2026-11-27T05:02:00Z",
        "deletedAt": null,
        "category": "Train"
    })
}

/// Every optional-and-nullable field set to null.
fn all_nullables_null() -> Value {
    let mut value = required_only();
    let object = value.as_object_mut().unwrap();
    for key in [
        "workloadRequestedResources",
        "podsRequestedResources",
        "allocatedResources",
        "completedAt",
        "preemptible",
        "phaseReason",
        "idleGpus",
        "idleAllocatedGpus",
        "totalPendingTimeSeconds",
        "totalRunningTimeSeconds",
        "guaranteedRuntimeEndsAt",
        "sourceApi",
    ] {
        object.insert(key.into(), Value::Null);
    }
    value
}

/// Every field present with a value, plus fields and enum values from the future.
fn everything() -> Value {
    let mut value = required_only();
    let extra = json!({
        "priority": 80,
        "deletedAt": "2026-11-27T06:00:00Z",
        "submittedBy": "ada@example.com",
        "workloadRequestedResources": {
            "gpuRequestType": "portion",
            "gpu": {"request": 0.5, "limit": null},
            "gpuMemory": {"request": "20G"},
            "cpu": {"request": 2.0, "limit": 4.0},
            "cpuMemory": {"request": "8Gi", "limit": "16Gi"},
            "migProfile": null,
            "extendedResources": [{"resource": "nvidia.com/rdma", "quantity": "1", "exclude": false}, null]
        },
        "podsRequestedResources": {"gpu": {"request": 1.0}},
        "allocatedResources": {"gpu": 0.5, "gpuMemory": "40G", "cpu": 2.0, "cpuMemory": "8Gi", "migProfile": ["1g.10gb", null]},
        "actionsSupport": {"delete": true, "suspend": false},
        "conditions": [{"type": "Ready", "status": "True", "message": "ok", "reason": "Scheduled", "lastTransitionTime": "2026-11-27T05:01:00Z"}],
        "phaseMessage": "all pods running",
        "requestedPods": {"number": 2, "min": 1, "max": 4, "parallelism": 2, "completions": null},
        "requestedNodePools": ["h100"],
        "currentNodePools": ["h100"],
        "completedAt": "2026-11-27T07:00:00Z",
        "images": ["nvcr.io/nvidia/pytorch:24.10-py3"],
        "urls": ["https://vision.example.com/jupyter"],
        "datasources": [{"type": "pvc", "name": "datasets", "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"}],
        "environments": [{"name": "jupyter", "id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "replicaType": "Master",
                          "connections": [{"name": "jupyter", "toolType": "jupyter-notebook", "connectionType": "ExternalUrl",
                                           "url": "https://x", "authorizationType": "authenticatedUsers", "containerPort": 8888}]}],
        "externalConnections": [{"name": "tb", "toolType": "tensorboard", "connectionType": "NodePort", "authorizationType": "somethingNew"}],
        "distributedFramework": "PyTorch",
        "additionalFields": {"anything": [1, 2, {"goes": true}]},
        "preemptible": true,
        "environmentVariables": {"EPOCHS": "10"},
        "command": "python train.py",
        "arguments": "--lr 3e-4",
        "phaseReason": "OverLimit",
        "idleGpus": 0,
        "idleAllocatedGpus": 0.5,
        "totalPendingTimeSeconds": 42,
        "totalRunningTimeSeconds": 3600,
        "guaranteedRuntimeEndsAt": "2026-11-27T08:00:00Z",
        "aiApplicationId": "app-1",
        "aiApplicationName": "chat",
        "sourceApi": "WorkloadsV2",
        "someFieldFromRunai2_30": {"nested": true},
        "pendingSchedulingMessages": [{"nodePool": "h100", "phaseReason": "NonPreemptibleOverQuota", "reason": "quota",
                                        "orgType": "PROJECT", "userMessage": "Project vision is over quota"}]
    });
    value
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    value
}

#[test]
fn a_workload_with_only_required_fields_decodes_and_re_encodes_identically() {
    let json = required_only();
    let workload: Workload = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(workload.phase, Phase::Running);
    assert_eq!(workload.priority, None);
    assert!(workload.completed_at.is_absent());
    assert!(workload.preemptible.is_absent());
    assert_eq!(
        serde_json::to_value(&workload).unwrap(),
        json,
        "absent stays absent"
    );
}

#[test]
fn null_and_absent_are_kept_apart() {
    let json = all_nullables_null();
    let workload: Workload = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(workload.completed_at, Maybe::Null);
    assert_eq!(workload.allocated_resources, Maybe::Null);
    assert_eq!(workload.phase_reason, Maybe::Null);
    assert_eq!(
        serde_json::to_value(&workload).unwrap(),
        json,
        "null stays null"
    );
}

#[test]
fn every_field_decodes_and_the_future_is_tolerated() {
    let detailed: WorkloadDetailed = serde_json::from_value(everything()).unwrap();
    let w = &detailed.workload;
    assert_eq!(w.priority, Some(80));
    assert_eq!(w.preemptible.get(), Some(true));
    assert_eq!(w.phase_reason.as_ref(), Some(&PhaseReason::OverLimit));
    let requested = w.workload_requested_resources.as_ref().unwrap();
    assert_eq!(
        requested.gpu_request_type.as_ref(),
        Some(&GpuRequestType::Portion)
    );
    assert_eq!(requested.gpu.as_ref().unwrap().request.get(), Some(0.5));
    assert_eq!(requested.gpu.as_ref().unwrap().limit, Maybe::Null);
    let allocated = w.allocated_resources.as_ref().unwrap();
    assert_eq!(
        allocated.mig_profile.as_ref().unwrap(),
        &vec![Some(MigProfile::P1g10gb), None]
    );
    let connection = &w.external_connections.as_ref().unwrap()[0];
    assert_eq!(
        connection.authorization_type,
        Some(AuthorizationType::Other("somethingNew".into())),
        "an unknown enum value is kept, not an error"
    );
    let messages = detailed.pending_scheduling_messages.as_ref().unwrap();
    assert_eq!(messages[0].org_type.as_ref(), Some(&OrgType::Project));
    assert_eq!(
        w.completed_at.get().unwrap().to_string(),
        "2026-11-27T07:00:00Z"
    );
}

#[test]
fn unknown_enum_values_and_phases_decode_as_other() {
    let mut json = required_only();
    json["phase"] = json!("Hibernating");
    json["source"] = json!("Terraform");
    let workload: Workload = serde_json::from_value(json).unwrap();
    assert_eq!(workload.phase, Phase::Other("Hibernating".into()));
    assert!(!workload.phase.is_known());
    assert_eq!(workload.source.as_str(), "Terraform");
    assert_eq!(
        Source::from("Other"),
        Source::OtherSource,
        "the spec's own word"
    );
}

#[test]
fn a_missing_required_field_is_an_error_naming_it() {
    let mut json = required_only();
    json.as_object_mut().unwrap().remove("projectName");
    let err = serde_json::from_value::<Workload>(json)
        .unwrap_err()
        .to_string();
    assert!(err.contains("projectName"), "{err}");
}

#[test]
fn children_ids_are_never_written() {
    let mut json = required_only();
    json["childrenIds"] = json!([{"id": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b"}]);
    let workload: Workload = serde_json::from_value(json).unwrap();
    assert!(
        serde_json::to_value(&workload)
            .unwrap()
            .get("childrenIds")
            .is_none()
    );
}

#[test]
fn list_count_telemetry_metrics_and_error_bodies_decode() {
    let list: WorkloadList =
        serde_json::from_value(json!({"workloads": [required_only()], "next": 50})).unwrap();
    assert_eq!(list.next, Some(50));
    let last: WorkloadList = serde_json::from_value(json!({"workloads": []})).unwrap();
    assert_eq!(last.next, None);
    let count: WorkloadCount = serde_json::from_value(json!({"count": 301})).unwrap();
    assert_eq!(count.count, 301);

    let telemetry: TelemetryResponse = serde_json::from_value(json!({
        "type": "GPU_ALLOCATION", "timestamp": "2026-11-27T05:00:00Z",
        "values": [{"value": "12.5", "groups": [{"key": "DepartmentId", "value": "3", "name": "research"}]}, {"value": "1"}]
    }))
    .unwrap();
    assert_eq!(
        telemetry.values[0].groups.as_ref().unwrap()[0]
            .name
            .as_deref(),
        Some("research")
    );
    assert_eq!(telemetry.values[1].groups, None);

    let metrics: MetricsResponse = serde_json::from_value(json!({
        "measurements": [
            {"type": "GPU_UTILIZATION", "labels": {"gpu": "0"}, "values": [{"value": "97.5", "timestamp": "2026-11-27T05:00:00Z"}]},
            {"type": "POD_COUNT", "labels": null, "values": null},
            {"type": "FUTURE_METRIC", "values": [{"value": "1", "timestamp": null}]}
        ],
        "histogram": [{"type": "NIM_TIME_TO_FIRST_TOKEN_SECONDS_PERCENTILES",
                       "values": [{"timestamp": "2026-11-27T05:00:00Z", "data": {"p50": "0.76", "p90": "2.1", "p99": "4.05"}}]}]
    }))
    .unwrap();
    assert_eq!(
        metrics.measurements[0].values.as_ref().unwrap()[0].number(),
        Some(97.5)
    );
    assert_eq!(metrics.measurements[1].labels, Maybe::Null);
    assert_eq!(
        metrics.measurements[2].type_,
        MetricType::Other("FUTURE_METRIC".into())
    );
    assert!(
        metrics.histogram.as_ref().unwrap()[0]
            .type_
            .is_percentiles()
    );

    let error: ErrorBody =
        serde_json::from_value(json!({"code": 404, "message": "Workload not found"})).unwrap();
    assert_eq!(error.code, 404);
}

#[test]
fn timestamps_accept_z_offsets_and_naive_times() {
    let utc = Timestamp::parse("2026-11-27T05:00:00Z").unwrap();
    assert_eq!(Timestamp::parse("2026-11-27T07:00:00+02:00").unwrap(), utc);
    assert_eq!(Timestamp::parse("2026-11-27T05:00:00").unwrap(), utc);
    assert_eq!(
        Timestamp::parse("2026-11-27T05:00:00.000+00:00").unwrap(),
        utc
    );
    assert_eq!(utc.to_string(), "2026-11-27T05:00:00Z");
    assert!(Timestamp::parse("yesterday").is_err());
    assert!(Timestamp::parse("2026-13-01T00:00:00Z").is_err());
}

#[test]
fn metric_types_know_their_families() {
    assert_eq!(MetricType::KNOWN.len(), 23);
    assert!(MetricType::NimGpuCacheUsagePerc.is_nim());
    assert!(!MetricType::GpuUtilization.is_nim());
    assert!(MetricType::NimE2eRequestLatencySeconds.is_histogram());
    assert!(MetricType::NimE2eRequestLatencySecondsPercentiles.is_percentiles());
    assert_eq!(Phase::KNOWN.len(), 14);
}

/// `phaseReason` and `orgType` are `nullable` beside an `allOf` of an enum: a strict
/// reader rejects their `null`, a lenient server sends it. The client takes all three
/// shapes (null, absent, a value this build does not know) from recorded bodies.
#[test]
fn enum_fields_beside_all_of_take_null_absent_and_unknown_values() {
    let with = |phase_reason: Option<Value>, org_type: Option<Value>| {
        let mut detailed = everything();
        let object = detailed.as_object_mut().unwrap();
        object.remove("phaseReason");
        if let Some(value) = phase_reason {
            object.insert("phaseReason".to_owned(), value);
        }
        let message = object["pendingSchedulingMessages"][0]
            .as_object_mut()
            .unwrap();
        message.remove("orgType");
        if let Some(value) = org_type {
            message.insert("orgType".to_owned(), value);
        }
        serde_json::from_value::<WorkloadDetailed>(detailed).unwrap()
    };
    let org_type = |d: &WorkloadDetailed| {
        d.pending_scheduling_messages.as_ref().unwrap()[0]
            .org_type
            .clone()
    };

    let null = with(Some(Value::Null), Some(Value::Null));
    assert_eq!(null.workload.phase_reason, Maybe::Null);
    assert_eq!(org_type(&null), Maybe::Null);

    let absent = with(None, None);
    assert_eq!(absent.workload.phase_reason, Maybe::Absent);
    assert_eq!(org_type(&absent), Maybe::Absent);

    let unknown = with(Some(json!("QuantumQueue")), Some(json!("TENANT")));
    assert_eq!(
        unknown.workload.phase_reason,
        Maybe::Value(PhaseReason::Other("QuantumQueue".to_owned()))
    );
    assert_eq!(
        org_type(&unknown),
        Maybe::Value(OrgType::Other("TENANT".to_owned()))
    );
}
