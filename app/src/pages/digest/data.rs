//! The weekly digest's server function: one ISO week (UTC) of what the reader may see,
//! read through the ledger's and the failures page's own server functions, so its
//! numbers are theirs for the same days: GPU-hours by project and by person against the
//! week before, the most idle workloads, failures by cause, and the longest waits.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Lines per list, at most.
pub const LINES: usize = 10;

/// GPU-hours of a group this week and the week before.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekLine {
    pub label: String,
    pub allocated_h: f64,
    pub idle_h: f64,
    pub previous_allocated_h: f64,
}

/// One of the week's most idle workloads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IdleLine {
    pub id: String,
    pub name: String,
    pub project: String,
    pub idle_h: f64,
}

/// A cause of failures and how many.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CauseLine {
    pub cause: String,
    pub failures: usize,
}

/// A workload that waited long.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WaitLine {
    pub id: String,
    pub name: String,
    pub project: String,
    pub waited_s: i64,
}

/// The digest of one week.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DigestAnswer {
    /// `2026-W49`, and its days in words.
    pub week: String,
    pub described: String,
    pub allocated_h: f64,
    pub idle_h: f64,
    pub previous_allocated_h: f64,
    pub previous_idle_h: f64,
    pub projects: Vec<WeekLine>,
    pub people: Vec<WeekLine>,
    pub most_idle: Vec<IdleLine>,
    pub failures: usize,
    pub causes: Vec<CauseLine>,
    pub longest_waits: Vec<WaitLine>,
    /// Why some of the week has no numbers (the ledger began, or collects, within it).
    pub partial: Option<String>,
}

/// The digest of `week` (`2026-W49`).
#[server(endpoint = "digest")]
pub async fn get_digest(week: String) -> Result<DigestAnswer, AppError> {
    use ledger::{grouping::Grouping, week::IsoWeek};

    use crate::pages::{failures::data::get_failures, ledger::data::get_ledger};

    let week = IsoWeek::parse(&week).map_err(|err| AppError::bad_request(err.to_string()))?;
    let (this, before, people, failed, waits) = tokio::try_join!(
        get_ledger(week.window(), Grouping::Project),
        get_ledger(week.previous().window(), Grouping::Project),
        get_ledger(week.window(), Grouping::Person),
        get_failures(week.window()),
        longest_waits(week.span_ms()),
    )?;
    let line = |line: &crate::pages::ledger::data::LedgerLine,
                previous: &crate::pages::ledger::data::LedgerAnswer| WeekLine {
        label: line.label.clone(),
        allocated_h: line.hours.allocated,
        idle_h: line.hours.idle,
        previous_allocated_h: previous
            .lines
            .iter()
            .find(|p| p.key == line.key)
            .map_or(0.0, |p| p.hours.allocated),
    };
    let mut most_idle: Vec<IdleLine> = this
        .lines
        .iter()
        .flat_map(|l| {
            l.top_idle.iter().map(|w| IdleLine {
                id: w.id.clone(),
                name: w.name.clone(),
                project: l.label.clone(),
                idle_h: w.idle_h,
            })
        })
        .collect();
    most_idle.sort_by(|a, b| b.idle_h.total_cmp(&a.idle_h));
    most_idle.truncate(LINES);
    let mut people_lines: Vec<WeekLine> = people
        .lines
        .iter()
        .map(|l| WeekLine {
            label: l.label.clone(),
            allocated_h: l.hours.allocated,
            idle_h: l.hours.idle,
            previous_allocated_h: 0.0,
        })
        .collect();
    people_lines.sort_by(|a, b| b.allocated_h.total_cmp(&a.allocated_h));
    people_lines.truncate(LINES);
    let (from_ms, to_ms) = week.span_ms();
    let partial = this.progress.as_ref().and_then(|p| {
        let begins = p.backfill_from_ms > from_ms;
        let collecting = p.collected_to_ms < to_ms;
        match (begins, collecting) {
            (true, _) => Some("the ledger begins within this week: its first days have no numbers"),
            (_, true) => Some("this week is not over, or not yet collected: its numbers grow"),
            _ => None,
        }
        .map(str::to_owned)
    });
    Ok(DigestAnswer {
        week: week.word(),
        described: week.describe(),
        allocated_h: this.total.allocated,
        idle_h: this.total.idle,
        previous_allocated_h: before.total.allocated,
        previous_idle_h: before.total.idle,
        projects: this.lines.iter().map(|l| line(l, &before)).collect(),
        people: people_lines,
        most_idle,
        failures: failed.failures,
        causes: failed
            .groups
            .iter()
            .take(LINES)
            .map(|g| CauseLine {
                cause: g.cause.clone(),
                failures: g.failures,
            })
            .collect(),
        longest_waits: waits,
        partial,
    })
}

/// The workloads created in `[from_ms, to_ms)` that waited longest, as the reader sees
/// them.
#[cfg(feature = "ssr")]
async fn longest_waits((from_ms, to_ms): (i64, i64)) -> Result<Vec<WaitLine>, AppError> {
    use runai::query::{
        Filter, FilterField, FilterOp, ListQuery, SortBy, SortOrder, WorkloadSelection,
    };
    let (upstream, credentials) = crate::caller::upstream_call()?;
    let at = |ms: i64| {
        runai::model::Timestamp::from_unix_millis(ms)
            .map(|t| t.to_string())
            .unwrap_or_default()
    };
    let since = |op, ms| {
        Filter::new(FilterField::CreatedAt, op, at(ms))
            .map_err(|err| AppError::bad_request(err.to_string()))
    };
    let query = ListQuery {
        selection: WorkloadSelection {
            deleted: None,
            filter_by: vec![
                since(FilterOp::Ge, from_ms)?,
                since(FilterOp::Le, to_ms - 1)?,
            ],
            search: None,
        },
        offset: None,
        limit: Some(LINES as u16),
        sort_by: Some(SortBy::TotalPendingTimeSeconds),
        sort_order: Some(SortOrder::Desc),
    };
    let list = upstream.client.list_workloads(&credentials, &query).await?;
    Ok(list
        .workloads
        .iter()
        .filter_map(|w| {
            Some(WaitLine {
                waited_s: w.total_pending_time_seconds.get()?,
                id: w.id.to_string(),
                name: w.name.clone(),
                project: w.project_name.clone(),
            })
        })
        .filter(|w| w.waited_s > 0)
        .collect())
}
