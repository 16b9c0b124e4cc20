//! One table row: the columns of a `Workload`, ready to show (and small on the wire).

use serde::{Deserialize, Serialize};

use crate::{
    format::{format_bytes, format_count},
    queue::Blocked,
};
use runai::model::{GpuRequestType, Phase, RequestResources, Timestamp, Workload, parse_quantity};

/// A pending row's place in its node pool's queue.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum QueuePlace {
    /// 1 for the next to take free GPUs.
    Position(usize),
    /// Its own project blocks it: it has no place among those taking free GPUs.
    Blocked(Blocked),
}

impl QueuePlace {
    /// The words beside its status.
    pub fn label(self) -> String {
        match self {
            Self::Position(p) => format!("#{p} in queue"),
            Self::Blocked(blocked) => blocked.label().to_owned(),
        }
    }
}

/// What the table shows of one workload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkloadRow {
    pub id: String,
    pub name: String,
    pub type_: String,
    pub phase: Phase,
    /// Why it waits or failed, for the phase badge's hover text.
    pub phase_detail: Option<String>,
    pub project: String,
    pub department: String,
    pub submitted_by: Option<String>,
    pub running_pods: i32,
    pub requested_pods: i32,
    /// "2", "0.5", "20 GB" or empty: what was asked for.
    pub gpu_request: String,
    pub gpu_allocated: f64,
    pub gpu_memory: Option<String>,
    pub cpu: String,
    pub memory: String,
    pub nodepools: Vec<String>,
    pub priority_class: String,
    pub preemptible: Option<bool>,
    pub idle_gpus: f64,
    pub created_at: Timestamp,
    pub completed_at: Option<Timestamp>,
    pub cluster_id: String,
    /// Seconds spent pending so far (Run:ai's `totalPendingTimeSeconds`).
    pub pending_s: Option<i64>,
    /// When the workload entered its phase.
    pub phase_since: Timestamp,
    /// Pending, in a table filtered to one node pool: its place in that pool's queue.
    pub queue_place: Option<QueuePlace>,
    /// Pending and held back by its own project.
    pub blocked: Option<Blocked>,
    /// Running with GPUs: what they are doing, as the collector last looked ("busy",
    /// "stalled (7 of 8 GPUs)", …).
    pub gpu_state: Option<String>,
}

fn cores(value: Option<f64>) -> String {
    value.map(format_count).unwrap_or_else(|| "–".to_owned())
}

fn quantity(text: Option<&String>) -> String {
    match text.and_then(|t| parse_quantity(t)) {
        Some(bytes) => format_bytes(bytes),
        None => "–".to_owned(),
    }
}

/// What was asked for, as the console shows it: devices, a fraction, or memory.
fn gpu_request(requested: Option<&RequestResources>) -> String {
    let Some(requested) = requested else {
        return String::new();
    };
    match requested.gpu_request_type.as_ref() {
        Some(GpuRequestType::Memory) => requested
            .gpu_memory
            .as_ref()
            .and_then(|m| m.request.as_ref())
            .and_then(|q| parse_quantity(q))
            .map(|bytes| format!("{:.0} GB", bytes / 1e9))
            .unwrap_or_default(),
        _ => requested
            .gpu
            .as_ref()
            .and_then(|g| g.request.get())
            .map(format_count)
            .unwrap_or_default(),
    }
}

impl WorkloadRow {
    /// Why a pending workload waits, in a few words (empty for any other): its project,
    /// or, in a table narrowed to one node pool, how many take free GPUs before it. The
    /// full reason, with its numbers, is on its page.
    pub fn wait_reason(&self) -> String {
        if self.phase != Phase::Pending {
            return String::new();
        }
        match (self.blocked, self.queue_place) {
            (Some(Blocked::OverQuota), _) => "Its project is over its quota".to_owned(),
            (Some(Blocked::OverLimit), _) => "Its project is at its limit".to_owned(),
            (None, Some(QueuePlace::Position(1))) => "Next for free GPUs".to_owned(),
            (None, Some(QueuePlace::Position(n))) => format!("Behind {} in its pool", n - 1),
            _ => "Waiting for free GPUs".to_owned(),
        }
    }

    /// The row for `w`.
    pub fn from_workload(w: &Workload) -> Self {
        let requested = w.workload_requested_resources.as_ref();
        let allocated = w.allocated_resources.as_ref();
        let cpu = requested.and_then(|r| r.cpu.as_ref());
        let memory = requested.and_then(|r| r.cpu_memory.as_ref());
        let phase_detail = match (&w.phase, w.phase_message.as_ref(), w.phase_reason.as_ref()) {
            // The scheduler's message says what its reason code does, in words.
            (_, Some(message), _) => Some(message.clone()),
            (Phase::Pending, None, Some(reason)) => {
                Some(Blocked::phase_reason_sentence(reason.as_str()))
            }
            _ => None,
        };
        Self {
            id: w.id.to_string(),
            pending_s: w.total_pending_time_seconds.get(),
            phase_since: w.phase_updated_at,
            queue_place: None,
            gpu_state: None,
            blocked: w
                .phase_reason
                .as_ref()
                .filter(|_| w.phase == Phase::Pending)
                .and_then(|reason| Blocked::from_phase_reason(reason.as_str())),
            name: w.name.clone(),
            type_: w.type_.clone(),
            phase: w.phase.clone(),
            phase_detail,
            project: w.project_name.clone(),
            department: w.department_name.clone(),
            submitted_by: w.submitted_by.clone(),
            running_pods: w.running_pods,
            requested_pods: w.requested_pods.and_then(|p| p.number.get()).unwrap_or(1),
            gpu_request: gpu_request(requested),
            gpu_allocated: allocated.and_then(|a| a.gpu.get()).unwrap_or(0.0),
            gpu_memory: allocated
                .and_then(|a| a.gpu_memory.as_ref())
                .map(|q| quantity(Some(q))),
            cpu: format!(
                "{} / {}",
                cores(cpu.and_then(|c| c.request.get())),
                cores(cpu.and_then(|c| c.limit.get()))
            ),
            memory: format!(
                "{} / {}",
                quantity(memory.and_then(|m| m.request.as_ref())),
                quantity(memory.and_then(|m| m.limit.as_ref()))
            ),
            nodepools: match w.current_node_pools.as_deref() {
                Some(pools) if !pools.is_empty() => pools.to_vec(),
                _ => w.requested_node_pools.clone().unwrap_or_default(),
            },
            priority_class: w.priority_class_name.clone(),
            preemptible: w.preemptible.get(),
            idle_gpus: w.idle_allocated_gpus.get().unwrap_or(0.0),
            created_at: w.created_at,
            completed_at: w.completed_at.get(),
            cluster_id: w.cluster_id.to_string(),
        }
    }

    /// The row apart from what the clock alone moves: a pending workload's wait grows
    /// while nothing about it changes, so it is known by when its phase began instead.
    /// Only such rows are copied.
    pub fn clock_free(&self) -> std::borrow::Cow<'_, WorkloadRow> {
        if self.phase == Phase::Pending && self.pending_s.is_some() {
            let mut row = self.clone();
            row.pending_s = None;
            std::borrow::Cow::Owned(row)
        } else {
            std::borrow::Cow::Borrowed(self)
        }
    }

    /// "allocated / requested", e.g. "2 / 2", "0.5 / 0.5", "0 / 20 GB".
    pub fn gpus_text(&self) -> String {
        if self.gpu_request.is_empty() && self.gpu_allocated == 0.0 {
            return "–".to_owned();
        }
        format!(
            "{} / {}",
            format_count(self.gpu_allocated),
            if self.gpu_request.is_empty() {
                "–"
            } else {
                &self.gpu_request
            }
        )
    }
}
