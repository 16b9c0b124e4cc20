//! `Workload`, `WorkloadDetailed` and the objects inside them.
//!
//! Field rules (see the module docs of `runai`): required → plain type; required and
//! nullable → `Option` always sent; optional → `Option` skipped when `None`; optional
//! and nullable → [`Maybe`]. `childrenIds` is `writeOnly` in the spec and is never read
//! or written.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    AuthorizationType, GpuRequestType, Maybe, MigProfile, OrgType, Phase, PhaseReason, ReplicaType,
    Source, SourceApi, Timestamp,
};

/// One workload, as the list endpoint returns it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Workload {
    /// Workspace, Training, Distributed, Inference, … or a third-party Kubernetes kind.
    #[serde(rename = "type")]
    pub type_: String,
    pub name: String,
    pub id: Uuid,
    pub source: Source,
    pub priority: Option<i32>,
    pub priority_class_name: String,
    pub cluster_id: Uuid,
    pub project_name: String,
    pub project_id: String,
    pub department_name: String,
    pub department_id: String,
    pub namespace: String,
    pub created_at: Timestamp,
    pub phase: Phase,
    pub conditions: Vec<Condition>,
    pub k8s_phase: String,
    pub tenant_id: i32,
    pub running_pods: i32,
    pub phase_updated_at: Timestamp,
    pub k8s_phase_updated_at: Timestamp,
    pub updated_at: Timestamp,
    pub deleted_at: Option<Timestamp>,
    /// Build, Train or Deploy.
    pub category: String,

    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_by: Option<String>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub workload_requested_resources: Maybe<RequestResources>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub pods_requested_resources: Maybe<RequestResources>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub allocated_resources: Maybe<AllocatedResources>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions_support: Option<ActionsSupport>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_pods: Option<RequestedPods>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_node_pools: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_node_pools: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub completed_at: Maybe<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub images: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urls: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datasources: Option<Vec<Datasource>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environments: Option<Vec<Environment>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_connections: Option<Vec<Connection>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distributed_framework: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_fields: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub preemptible: Maybe<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment_variables: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<String>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub phase_reason: Maybe<PhaseReason>,
    /// Deprecated by Run:ai in favour of `idleAllocatedGpus`.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub idle_gpus: Maybe<i64>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub idle_allocated_gpus: Maybe<f64>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub total_pending_time_seconds: Maybe<i64>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub total_running_time_seconds: Maybe<i64>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub guaranteed_runtime_ends_at: Maybe<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ai_application_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ai_application_name: Option<String>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub source_api: Maybe<SourceApi>,
}

/// One workload with everything the get endpoint adds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadDetailed {
    #[serde(flatten)]
    pub workload: Workload,
    /// Why the workload waits, per node pool.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub pending_scheduling_messages: Maybe<Vec<PendingSchedulingMessage>>,
}

/// A page of the list endpoint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkloadList {
    /// The offset of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<i64>,
    pub workloads: Vec<Workload>,
}

/// The count endpoint's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkloadCount {
    pub count: i64,
}

/// Requested resources (`WorkloadRequestResources`); the object itself is nullable.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestResources {
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub gpu_request_type: Maybe<GpuRequestType>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub gpu: Maybe<RequestResourceCores>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub gpu_memory: Maybe<RequestResourceQuantity>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub cpu: Maybe<RequestResourceCores>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub cpu_memory: Maybe<RequestResourceQuantity>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub mig_profile: Maybe<Vec<Option<MigProfile>>>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub extended_resources: Maybe<Vec<Option<ExtendedResource>>>,
}

/// A request and limit counted in units (GPU devices or portions, CPU cores).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RequestResourceCores {
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub limit: Maybe<f64>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub request: Maybe<f64>,
}

/// A request and limit as Kubernetes quantities (`20G`, `512Mi`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RequestResourceQuantity {
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub limit: Maybe<String>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub request: Maybe<String>,
}

/// A non-standard resource (`WorkloadsExtendedResource`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ExtendedResource {
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub resource: Maybe<String>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub quantity: Maybe<String>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub exclude: Maybe<bool>,
}

/// What the scheduler actually gave the workload (`WorkloadAllocatedResources`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AllocatedResources {
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub gpu: Maybe<f64>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub mig_profile: Maybe<Vec<Option<MigProfile>>>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub gpu_memory: Maybe<String>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub cpu: Maybe<f64>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub cpu_memory: Maybe<String>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub extended_resources: Maybe<Vec<Option<ExtendedResource>>>,
}

/// Which actions the workload supports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionsSupport {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
}

/// A Kubernetes-style condition (`Condition1`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    #[serde(rename = "type")]
    pub type_: String,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub last_transition_time: Maybe<Timestamp>,
}

/// Pod counts the workload asked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestedPods {
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub number: Maybe<i32>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub min: Maybe<i32>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub max: Maybe<i32>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub parallelism: Maybe<i32>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub completions: Maybe<i32>,
}

/// A data source mounted into the workload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Datasource {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    pub name: String,
    pub id: Uuid,
}

/// An environment (image, tools) the workload runs in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Environment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connections: Option<Vec<Connection>>,
    pub name: String,
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub replica_type: Maybe<ReplicaType>,
}

/// A way in: a tool's URL or port (`Connection1`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    pub name: String,
    pub tool_type: String,
    pub connection_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_type: Option<AuthorizationType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorized_users: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorized_groups: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_port: Option<i32>,
}

/// Why a workload waits in one node pool (detail endpoint only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingSchedulingMessage {
    pub node_pool: String,
    pub phase_reason: PhaseReason,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub org_type: Maybe<OrgType>,
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub user_message: Maybe<String>,
}

/// The spec's `Error` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The HTTP status, 100–599.
    pub code: u16,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
}
