//! The value of each filterable/sortable field of a simulated workload, and how the
//! `filterBy` operators compare them.

use std::{borrow::Cow, cmp::Ordering};

use runai::{
    model::Timestamp,
    query::{Filter, FilterField, FilterOp},
};

use super::{generate::SimWorkload, lifecycle::Status, materialize::gpu_memory, org::Org};

/// A field's value; `Missing` is the API's `null`.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Text(Cow<'a, str>),
    Number(f64),
    Date(i64),
    Missing,
}

/// The value of `field` for a workload at the instant `st` describes.
pub fn value<'a>(
    w: &'a SimWorkload,
    st: &'a Status,
    org: &'a Org,
    field: FilterField,
) -> Value<'a> {
    use FilterField as F;
    let text = |s: &'a str| Value::Text(Cow::Borrowed(s));
    let date = |ms: Option<i64>| ms.map_or(Value::Missing, Value::Date);
    let allocated = || {
        if st.is_active() {
            w.gpus(gpu_memory(w, org))
        } else {
            0.0
        }
    };
    let idle = || {
        if w.idle && st.running_pods(w) > 0 {
            allocated()
        } else {
            0.0
        }
    };
    match field {
        F::Type => text(w.kind.name),
        F::Name => text(&w.name),
        F::ClusterId => Value::Text(Cow::Owned(org.cluster_of(w.project).id.to_string())),
        F::ProjectId => text(org.projects[w.project].id),
        F::ProjectName => text(org.projects[w.project].name),
        F::DepartmentId => text(org.department_of(w.project).id),
        F::DepartmentName => text(org.department_of(w.project).name),
        F::CreatedAt => Value::Date(w.schedule.created_ms),
        F::DeletedAt => date(st.deleted_ms),
        F::SubmittedBy => text(w.submitted_by),
        F::Phase => Value::Text(Cow::Owned(st.phase.as_str().to_owned())),
        F::CompletedAt => date(st.finished_ms),
        F::Nodepool => text(w.nodepool),
        F::DistributedFramework => w.framework.map_or(Value::Missing, text),
        F::AllocatedGpu => Value::Number(allocated()),
        F::IdleGpus => Value::Number(idle().floor()),
        F::IdleAllocatedGpus => Value::Number(idle()),
        F::PhaseUpdatedAt => Value::Date(st.phase_since_ms),
        F::Category => text(w.kind.category),
        F::TotalPendingTimeSeconds => Value::Number(st.pending_seconds as f64),
        F::TotalRunningTimeSeconds => Value::Number(st.running_seconds as f64),
        F::Priority => Value::Number(f64::from(w.priority.value)),
        F::PriorityClassName => text(w.priority.name),
        F::GuaranteedRuntimeEndsAt => match (
            w.priority.preemptible,
            st.running_pods(w) > 0,
            st.started_ms,
        ) {
            (true, true, Some(start)) => Value::Date(start + 2 * 3_600_000),
            _ => Value::Missing,
        },
        F::AiApplicationId | F::AiApplicationName => Value::Missing,
    }
}

/// A filter prepared once per request: the wanted value lowercased and parsed, so
/// testing each row allocates nothing it need not.
pub struct Compiled {
    pub field: FilterField,
    op: FilterOp,
    text: String,
    number: f64,
    instant: Option<i64>,
}

impl Compiled {
    pub fn new(filter: &Filter) -> Self {
        Self {
            field: filter.field(),
            op: filter.op(),
            text: filter.value().to_lowercase(),
            number: filter.value().parse().unwrap_or(f64::NAN),
            instant: Timestamp::parse(filter.value())
                .ok()
                .map(|t| t.unix_millis()),
        }
    }

    /// Whether `value` passes. Text compares case-insensitively; numbers and dates as
    /// numbers and instants; a missing value passes only the negations.
    pub fn matches(&self, value: &Value<'_>) -> bool {
        let op = self.op;
        match value {
            Value::Missing => matches!(op, FilterOp::Ne | FilterOp::NotContains),
            Value::Text(text) => text_matches(text, op, &self.text),
            Value::Number(n) => match op {
                FilterOp::Eq | FilterOp::Ne | FilterOp::Le | FilterOp::Ge => {
                    compare(op, n.partial_cmp(&self.number))
                }
                _ => text_matches(&format_number(*n), op, &self.text),
            },
            Value::Date(ms) => self
                .instant
                .is_some_and(|wanted| compare(op, Some(ms.cmp(&wanted)))),
        }
    }
}

fn compare(op: FilterOp, ordering: Option<Ordering>) -> bool {
    match (op, ordering) {
        (FilterOp::Eq, Some(o)) => o == Ordering::Equal,
        (FilterOp::Ne, o) => o != Some(Ordering::Equal),
        (FilterOp::Le, Some(o)) => o != Ordering::Greater,
        (FilterOp::Ge, Some(o)) => o != Ordering::Less,
        _ => false,
    }
}

/// `wanted` is already lowercase.
fn text_matches(text: &str, op: FilterOp, wanted: &str) -> bool {
    if matches!(op, FilterOp::Eq | FilterOp::Ne) && text.is_ascii() {
        return text.eq_ignore_ascii_case(wanted) == (op == FilterOp::Eq);
    }
    let text = text.to_lowercase();
    match op {
        FilterOp::Eq => text == wanted,
        FilterOp::Ne => text != wanted,
        FilterOp::Le => text.as_str() <= wanted,
        FilterOp::Ge => text.as_str() >= wanted,
        FilterOp::Contains => text.contains(wanted),
        FilterOp::NotContains => !text.contains(wanted),
        FilterOp::StartsWith => text.starts_with(wanted),
        FilterOp::EndsWith => text.ends_with(wanted),
    }
}

/// Numbers as the API prints them: whole numbers without a fraction.
fn format_number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// The value as a sort key, computed once per row: text lowercased.
pub fn sort_key(value: Value<'_>) -> Value<'static> {
    match value {
        Value::Text(text) => Value::Text(Cow::Owned(text.to_lowercase())),
        Value::Number(n) => Value::Number(n),
        Value::Date(ms) => Value::Date(ms),
        Value::Missing => Value::Missing,
    }
}

/// Orders two values for sorting: missing values last, text case-insensitively.
pub fn order(a: &Value<'_>, b: &Value<'_>) -> Ordering {
    match (a, b) {
        (Value::Missing, Value::Missing) => Ordering::Equal,
        (Value::Missing, _) => Ordering::Greater,
        (_, Value::Missing) => Ordering::Less,
        (Value::Text(a), Value::Text(b)) => a
            .to_lowercase()
            .cmp(&b.to_lowercase())
            .then_with(|| a.cmp(b)),
        (Value::Number(a), Value::Number(b)) => a.total_cmp(b),
        (Value::Date(a), Value::Date(b)) => a.cmp(b),
        _ => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(text: &str) -> Compiled {
        Compiled::new(&text.parse::<Filter>().unwrap())
    }

    fn matches(value: &Value<'_>, filter: &Compiled) -> bool {
        filter.matches(value)
    }

    #[test]
    fn operators_compare_by_kind() {
        let running = Value::Text(Cow::Borrowed("Running"));
        assert!(
            matches(&running, &filter("phase==running")),
            "text is case-insensitive"
        );
        assert!(matches(&running, &filter("phase=@unn")));
        assert!(matches(&running, &filter("phase=^Run")));
        assert!(matches(&running, &filter("phase=$ing")));
        assert!(matches(&running, &filter("phase!@Pend")));
        assert!(!matches(&running, &filter("phase!=Running")));
        let two = Value::Number(2.0);
        assert!(matches(&two, &filter("allocatedGPU>=2")));
        assert!(matches(&two, &filter("allocatedGPU<=2.5")));
        assert!(!matches(&two, &filter("allocatedGPU==3")));
        assert!(matches(&two, &filter("allocatedGPU=@2")));
        let noon = Value::Date(
            Timestamp::parse("2026-11-27T12:00:00Z")
                .unwrap()
                .unix_millis(),
        );
        assert!(
            matches(&noon, &filter("createdAt>=2026-11-27T13:00:00+02:00")),
            "instants, not text"
        );
        assert!(matches(&noon, &filter("createdAt==2026-11-27T12:00:00Z")));
        assert!(!matches(&noon, &filter("createdAt<=2026-11-27T11:59:59Z")));
        assert!(matches(
            &Value::Missing,
            &filter("completedAt!=2026-11-27T12:00:00Z")
        ));
        assert!(!matches(
            &Value::Missing,
            &filter("completedAt<=2026-11-27T12:00:00Z")
        ));
    }

    #[test]
    fn missing_values_sort_last() {
        let mut values = vec![Value::Missing, Value::Number(2.0), Value::Number(1.0)];
        values.sort_by(order);
        assert_eq!(
            values,
            [Value::Number(1.0), Value::Number(2.0), Value::Missing]
        );
    }
}
