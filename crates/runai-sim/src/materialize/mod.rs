//! Turns a simulated workload at an instant into the API's `Workload` (and detail).

use std::collections::BTreeMap;

use runai::model::{
    ActionsSupport, AllocatedResources, AuthorizationType, Connection, Datasource, Environment,
    GpuRequestType, Maybe, OrgType, PendingSchedulingMessage, Phase, ReplicaType,
    RequestResourceCores, RequestResourceQuantity, RequestResources, RequestedPods, Source,
    SourceApi, Timestamp, Workload, WorkloadDetailed,
};

use super::{
    generate::{GpuAsk, SimWorkload},
    lifecycle::Status,
    org::Org,
};

mod failure;
mod said;
use said::{conditions, pending_message};

fn ts(ms: i64) -> Timestamp {
    Timestamp::from_unix_millis(ms).expect("simulated instants are within chrono's range")
}

/// A Kubernetes quantity in gibibytes or gigabytes, as the console shows them.
fn quantity(bytes: f64) -> String {
    let gib = bytes / 1024f64.powi(3);
    if gib.fract() == 0.0 {
        format!("{gib}Gi")
    } else {
        format!("{}G", (bytes / 1e9).round())
    }
}

/// The GPU memory of the workload's node pool.
pub fn gpu_memory(w: &SimWorkload, org: &Org) -> f64 {
    let cluster = org.cluster_of(w.project);
    cluster
        .nodepools
        .iter()
        .find(|(name, _)| *name == w.nodepool)
        .map_or(cluster.nodepools[0].1.memory_bytes, |(_, gpu)| {
            gpu.memory_bytes
        })
}

fn requested(w: &SimWorkload, pods: i32) -> RequestResources {
    let n = f64::from(pods);
    let cores = |request: f64, limit: Option<f64>| {
        Maybe::Value(RequestResourceCores {
            request: Maybe::Value(request * n),
            limit: limit.map(|l| l * n).into(),
        })
    };
    let (gpu_request_type, gpu, gpu_memory) = match w.gpu {
        GpuAsk::None => (Maybe::Absent, Maybe::Absent, Maybe::Absent),
        GpuAsk::Whole(devices) => (
            Maybe::Absent,
            cores(f64::from(devices), None),
            Maybe::Absent,
        ),
        GpuAsk::Portion(p) => (
            Maybe::Value(GpuRequestType::Portion),
            cores(p, None),
            Maybe::Absent,
        ),
        GpuAsk::Memory(bytes) => (
            Maybe::Value(GpuRequestType::Memory),
            Maybe::Absent,
            Maybe::Value(RequestResourceQuantity {
                request: Maybe::Value(quantity(bytes * n)),
                limit: Maybe::Null,
            }),
        ),
    };
    RequestResources {
        gpu_request_type,
        gpu,
        gpu_memory,
        cpu: cores(w.cpu_request, w.cpu_limit),
        cpu_memory: Maybe::Value(RequestResourceQuantity {
            request: Maybe::Value(quantity(w.memory_request * n)),
            limit: w.memory_limit.map(|l| quantity(l * n)).into(),
        }),
        mig_profile: Maybe::Absent,
        extended_resources: Maybe::Absent,
    }
}

/// The workload as the list endpoint shows it at the instant `st` describes.
pub fn workload(w: &SimWorkload, st: &Status, org: &Org) -> Workload {
    let project = &org.projects[w.project];
    let department = org.department_of(w.project);
    let cluster = org.cluster_of(w.project);
    let allocated_gpus = if st.is_active() {
        w.gpus(gpu_memory(w, org))
    } else {
        0.0
    };
    let running = st.running_pods(w) > 0;
    let connection = |tool: &str, kind: &str| Connection {
        name: tool.to_owned(),
        tool_type: tool.to_owned(),
        connection_type: kind.to_owned(),
        url: Some(format!(
            "https://{}.runboard.demo/{}/{}/{tool}",
            cluster.name, project.name, w.id
        )),
        authorization_type: Some(AuthorizationType::AuthenticatedUsers),
        authorized_users: None,
        authorized_groups: None,
        container_port: Some(if tool == "jupyter" { 8888 } else { 8000 }),
    };
    let connections = match w.kind.category {
        "Build" => vec![connection("jupyter", "ExternalUrl")],
        "Deploy" => vec![connection("serving-endpoint", "ExternalUrl")],
        _ => vec![],
    };
    let phase_message = match st.phase {
        Phase::Pending => Some(pending_message(w, st, org)),
        Phase::Failed => Some(failure::failure(w).1),
        _ => None,
    };
    let preemptible = w.priority.preemptible;
    Workload {
        type_: w.kind.name.to_owned(),
        name: w.name.clone(),
        id: w.id,
        source: Source::from(w.source),
        priority: Some(w.priority.value),
        priority_class_name: w.priority.name.to_owned(),
        cluster_id: cluster.id,
        project_name: project.name.to_owned(),
        project_id: project.id.to_owned(),
        department_name: department.name.to_owned(),
        department_id: department.id.to_owned(),
        namespace: format!("runai-{}", project.name),
        created_at: ts(w.schedule.created_ms),
        phase: st.phase.clone(),
        conditions: conditions(w, st, org),
        k8s_phase: match st.phase {
            Phase::Running | Phase::Degraded => "Running",
            Phase::Completed => "Succeeded",
            Phase::Failed => "Failed",
            _ => "Pending",
        }
        .to_owned(),
        tenant_id: org.tenant_id,
        running_pods: st.running_pods(w),
        phase_updated_at: ts(st.phase_since_ms),
        k8s_phase_updated_at: ts(st.phase_since_ms),
        updated_at: ts(st.phase_since_ms),
        deleted_at: st.deleted_ms.map(ts),
        category: w.kind.category.to_owned(),
        submitted_by: Some(w.submitted_by.to_owned()),
        workload_requested_resources: Maybe::Value(requested(w, w.pods)),
        pods_requested_resources: Maybe::Value(requested(w, 1)),
        allocated_resources: if st.is_active() {
            Maybe::Value(AllocatedResources {
                gpu: Maybe::Value(allocated_gpus),
                gpu_memory: Maybe::Value(quantity(allocated_gpus * gpu_memory(w, org))),
                cpu: Maybe::Value(w.cpu_request * f64::from(w.pods)),
                cpu_memory: Maybe::Value(quantity(w.memory_request * f64::from(w.pods))),
                ..Default::default()
            })
        } else {
            Maybe::Null
        },
        actions_support: Some(ActionsSupport {
            delete: Some(true),
            suspend: Some(w.kind.category != "Deploy"),
        }),
        phase_message,
        requested_pods: Some(RequestedPods {
            number: Maybe::Value(w.pods),
            min: Maybe::Value(if w.pods > 1 { 1 } else { w.pods }),
            max: Maybe::Value(w.pods),
            parallelism: Maybe::Value(w.pods),
            completions: if w.kind.category == "Train" {
                Maybe::Value(w.pods)
            } else {
                Maybe::Null
            },
        }),
        requested_node_pools: Some(vec![w.nodepool.to_owned()]),
        current_node_pools: Some(if st.is_active() {
            vec![w.nodepool.to_owned()]
        } else {
            vec![]
        }),
        completed_at: st.finished_ms.map(ts).into(),
        images: Some(vec![w.image.to_owned()]),
        urls: Some(connections.iter().filter_map(|c| c.url.clone()).collect()),
        datasources: Some(vec![Datasource {
            type_: Some("pvc".into()),
            name: format!("{}-datasets", project.name),
            id: w.datasource_id,
        }]),
        environments: Some(vec![Environment {
            connections: Some(connections.clone()),
            name: format!("{}-env", w.kind.name.to_lowercase()),
            id: w.environment_id,
            replica_type: if w.pods > 1 {
                Maybe::Value(ReplicaType::Worker)
            } else {
                Maybe::Null
            },
        }]),
        external_connections: Some(connections),
        distributed_framework: w.framework.map(str::to_owned),
        additional_fields: None,
        preemptible: Maybe::Value(preemptible),
        environment_variables: Some(BTreeMap::from([
            ("HF_HOME".to_owned(), "/data/hf".to_owned()),
            ("NCCL_DEBUG".to_owned(), "WARN".to_owned()),
            ("RUNAI_PROJECT".to_owned(), project.name.to_owned()),
        ])),
        command: Some(match w.kind.category {
            "Build" => "start-notebook.sh".to_owned(),
            "Deploy" => "/opt/nim/start_server.sh".to_owned(),
            _ => "torchrun train.py".to_owned(),
        }),
        arguments: (w.kind.category == "Train")
            .then(|| format!("--nproc-per-node {} --epochs 10", w.pods)),
        // `nullable` beside an `allOf` of an enum: strict readers refuse its `null`, so
        // a workload with no reason leaves the key out.
        phase_reason: st
            .waiting_reason
            .clone()
            .map_or(Maybe::Absent, Maybe::Value),
        idle_gpus: Maybe::Value(if w.idle && running {
            allocated_gpus.floor() as i64
        } else {
            0
        }),
        idle_allocated_gpus: Maybe::Value(if w.idle && running {
            allocated_gpus
        } else {
            0.0
        }),
        total_pending_time_seconds: Maybe::Value(st.pending_seconds),
        total_running_time_seconds: Maybe::Value(st.running_seconds),
        guaranteed_runtime_ends_at: match (preemptible, running, st.started_ms) {
            (true, true, Some(start)) => Maybe::Value(ts(start + 2 * 3_600_000)),
            _ => Maybe::Null,
        },
        ai_application_id: None,
        ai_application_name: None,
        source_api: if w.source == "Control-plane" {
            Maybe::Value(SourceApi::WorkloadsV2)
        } else {
            Maybe::Absent
        },
    }
}

/// The workload as the get endpoint shows it, with why it waits.
pub fn detailed(w: &SimWorkload, st: &Status, org: &Org) -> WorkloadDetailed {
    let pending_scheduling_messages = match (&st.phase, &st.waiting_reason) {
        (Phase::Pending, Some(reason)) => Maybe::Value(vec![PendingSchedulingMessage {
            node_pool: w.nodepool.to_owned(),
            phase_reason: reason.clone(),
            reason: "Unschedulable".to_owned(),
            org_type: Maybe::Value(if w.index.is_multiple_of(3) {
                OrgType::Department
            } else {
                OrgType::Project
            }),
            user_message: Maybe::Value(pending_message(w, st, org)),
        }]),
        (Phase::Pending, None) => Maybe::Value(vec![]),
        _ => Maybe::Null,
    };
    WorkloadDetailed {
        workload: workload(w, st, org),
        pending_scheduling_messages,
    }
}
