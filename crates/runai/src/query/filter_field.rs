//! The 26 fields and 8 operators of `filterBy`.

use super::word_enum::word_enum;

/// What values a field takes, deciding which operators and values are valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text; every operator.
    Text,
    /// A UUID; `==`/`!=` need a whole UUID, the text operators take parts.
    Uuid,
    /// A number; every operator, the value must be a number.
    Number,
    /// An ISO 8601 date-time; only `==`, `!=`, `<=`, `>=`.
    Date,
}

word_enum! {
    /// A field `filterBy` can test.
    FilterField {
        Type = "type",
        Name = "name",
        ClusterId = "clusterId",
        ProjectId = "projectId",
        ProjectName = "projectName",
        DepartmentId = "departmentId",
        DepartmentName = "departmentName",
        CreatedAt = "createdAt",
        DeletedAt = "deletedAt",
        SubmittedBy = "submittedBy",
        Phase = "phase",
        CompletedAt = "completedAt",
        Nodepool = "nodepool",
        DistributedFramework = "distributedFramework",
        AllocatedGpu = "allocatedGPU",
        IdleGpus = "idleGpus",
        IdleAllocatedGpus = "idleAllocatedGpus",
        PhaseUpdatedAt = "phaseUpdatedAt",
        Category = "category",
        TotalPendingTimeSeconds = "totalPendingTimeSeconds",
        TotalRunningTimeSeconds = "totalRunningTimeSeconds",
        Priority = "priority",
        PriorityClassName = "priorityClassName",
        GuaranteedRuntimeEndsAt = "guaranteedRuntimeEndsAt",
        AiApplicationId = "aiApplicationId",
        AiApplicationName = "aiApplicationName",
    }
}

impl FilterField {
    /// What values the field takes.
    pub fn kind(self) -> FieldKind {
        use FilterField::*;
        match self {
            ClusterId => FieldKind::Uuid,
            AllocatedGpu
            | IdleGpus
            | IdleAllocatedGpus
            | TotalPendingTimeSeconds
            | TotalRunningTimeSeconds
            | Priority => FieldKind::Number,
            CreatedAt | DeletedAt | CompletedAt | PhaseUpdatedAt | GuaranteedRuntimeEndsAt => {
                FieldKind::Date
            }
            _ => FieldKind::Text,
        }
    }

    /// The operators valid for this field.
    pub fn operators(self) -> &'static [FilterOp] {
        match self.kind() {
            FieldKind::Date => &FilterOp::ALL[..4],
            _ => FilterOp::ALL,
        }
    }
}

word_enum! {
    /// A `filterBy` operator.
    FilterOp {
        Eq = "==",
        Ne = "!=",
        Le = "<=",
        Ge = ">=",
        Contains = "=@",
        NotContains = "!@",
        StartsWith = "=^",
        EndsWith = "=$",
    }
}

impl FilterOp {
    /// What a person reads in a filter chip.
    pub fn label(self) -> &'static str {
        match self {
            FilterOp::Eq => "is",
            FilterOp::Ne => "is not",
            FilterOp::Le => "≤",
            FilterOp::Ge => "≥",
            FilterOp::Contains => "contains",
            FilterOp::NotContains => "does not contain",
            FilterOp::StartsWith => "starts with",
            FilterOp::EndsWith => "ends with",
        }
    }
}
