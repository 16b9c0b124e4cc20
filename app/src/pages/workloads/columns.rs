//! The table's columns: what each shows, what it sorts by, its URL word.

use runai::query::SortBy;

use super::row::WorkloadRow;

/// A column of the workloads table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Name,
    Type,
    Phase,
    Project,
    Department,
    SubmittedBy,
    Pods,
    Gpus,
    GpuMemory,
    Cpu,
    Memory,
    Nodepools,
    PriorityClass,
    Preemptible,
    IdleGpus,
    GpuState,
    Waiting,
    WaitReason,
    Created,
    Completed,
    Cluster,
}

impl Column {
    /// Every column, in display order.
    pub const ALL: [Column; 21] = [
        Column::Name,
        Column::Type,
        Column::Phase,
        Column::Project,
        Column::Department,
        Column::SubmittedBy,
        Column::Pods,
        Column::Gpus,
        Column::GpuMemory,
        Column::Cpu,
        Column::Memory,
        Column::Nodepools,
        Column::PriorityClass,
        Column::Preemptible,
        Column::IdleGpus,
        Column::GpuState,
        Column::Waiting,
        Column::WaitReason,
        Column::Created,
        Column::Completed,
        Column::Cluster,
    ];

    /// Shown when the URL and the browser name no choice.
    pub const DEFAULT: [Column; 11] = [
        Column::Name,
        Column::Type,
        Column::Phase,
        Column::Project,
        Column::Department,
        Column::SubmittedBy,
        Column::Pods,
        Column::Gpus,
        Column::Nodepools,
        Column::IdleGpus,
        Column::Created,
    ];

    /// The word in `?columns=`.
    pub fn id(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Type => "type",
            Column::Phase => "phase",
            Column::Project => "project",
            Column::Department => "department",
            Column::SubmittedBy => "submittedBy",
            Column::Pods => "pods",
            Column::Gpus => "gpus",
            Column::GpuMemory => "gpuMemory",
            Column::Cpu => "cpu",
            Column::Memory => "memory",
            Column::Nodepools => "nodepools",
            Column::PriorityClass => "priorityClass",
            Column::Preemptible => "preemptible",
            Column::IdleGpus => "idleGpus",
            Column::GpuState => "gpuState",
            Column::Waiting => "waiting",
            Column::WaitReason => "waitReason",
            Column::Created => "created",
            Column::Completed => "completed",
            Column::Cluster => "cluster",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.id() == id)
    }

    /// The header a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Column::Name => "Name",
            Column::Type => "Type",
            Column::Phase => "Status",
            Column::Project => "Project",
            Column::Department => "Department",
            Column::SubmittedBy => "Submitted by",
            Column::Pods => "Pods (running/requested)",
            Column::Gpus => "GPUs (allocated/requested)",
            Column::GpuMemory => "GPU memory",
            Column::Cpu => "CPU cores (request/limit)",
            Column::Memory => "CPU memory (request/limit)",
            Column::Nodepools => "Node pools",
            Column::PriorityClass => "Priority",
            Column::Preemptible => "Preemptible",
            Column::IdleGpus => "Idle GPUs",
            Column::GpuState => "GPU state",
            Column::Waiting => "Waiting",
            Column::WaitReason => "Why it waits",
            Column::Created => "Created",
            Column::Completed => "Completed",
            Column::Cluster => "Cluster",
        }
    }

    /// The table header's words: short, so the default columns fit a wide window; the
    /// whole meaning is [`Self::label`], which the header carries as its title.
    pub fn heading(self) -> &'static str {
        match self {
            Column::Pods => "Pods",
            Column::Gpus => "GPUs",
            Column::Cpu => "CPU",
            Column::Memory => "Memory",
            other => other.label(),
        }
    }

    /// The API sort key behind this column, if it has one.
    pub fn sort_key(self) -> Option<SortBy> {
        Some(match self {
            Column::Name => SortBy::Name,
            Column::Type => SortBy::Type,
            Column::Phase => SortBy::Phase,
            Column::Project => SortBy::ProjectName,
            Column::Department => SortBy::DepartmentName,
            Column::SubmittedBy => SortBy::SubmittedBy,
            Column::Gpus => SortBy::AllocatedGpu,
            Column::Nodepools => SortBy::Nodepool,
            Column::PriorityClass => SortBy::Priority,
            Column::IdleGpus => SortBy::IdleAllocatedGpus,
            Column::Waiting => SortBy::TotalPendingTimeSeconds,
            Column::Created => SortBy::CreatedAt,
            Column::Completed => SortBy::CompletedAt,
            Column::Cluster => SortBy::ClusterId,
            Column::Pods
            | Column::GpuMemory
            | Column::Cpu
            | Column::Memory
            | Column::Preemptible
            | Column::GpuState
            | Column::WaitReason => {
                return None;
            }
        })
    }

    /// Numbers are right-aligned.
    pub fn numeric(self) -> bool {
        matches!(
            self,
            Column::Pods
                | Column::Gpus
                | Column::GpuMemory
                | Column::Cpu
                | Column::Memory
                | Column::IdleGpus
                | Column::Waiting
        )
    }

    /// The cell as plain text (CSV export, and the table's text where no markup is needed).
    pub fn text(self, row: &WorkloadRow) -> String {
        match self {
            Column::Name => row.name.clone(),
            Column::Type => row.type_.clone(),
            Column::Phase => row.phase.to_string(),
            Column::Project => row.project.clone(),
            Column::Department => row.department.clone(),
            Column::SubmittedBy => row.submitted_by.clone().unwrap_or_default(),
            Column::Pods => format!("{}/{}", row.running_pods, row.requested_pods),
            Column::Gpus => row.gpus_text(),
            Column::GpuMemory => row.gpu_memory.clone().unwrap_or_default(),
            Column::Cpu => row.cpu.clone(),
            Column::Memory => row.memory.clone(),
            Column::Nodepools => row.nodepools.join(", "),
            Column::PriorityClass => row.priority_class.clone(),
            Column::Preemptible => match row.preemptible {
                Some(true) => "yes".to_owned(),
                Some(false) => "no".to_owned(),
                None => String::new(),
            },
            Column::IdleGpus => crate::format::format_count(row.idle_gpus),
            Column::GpuState => row.gpu_state.clone().unwrap_or_default(),
            Column::Waiting => row
                .pending_s
                .map(|s| crate::format::format_seconds(s as f64))
                .unwrap_or_default(),
            Column::WaitReason => row.wait_reason(),
            Column::Created => row.created_at.to_string(),
            Column::Completed => row.completed_at.map(|t| t.to_string()).unwrap_or_default(),
            Column::Cluster => crate::cluster_names::cluster_name(&row.cluster_id),
        }
    }
}
