//! The comparison's server functions: the comparison itself, and the workloads a
//! person may add to it (those of the same project first).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "ssr")]
use super::view::{MAX_COMPARED, MAX_FIND_CHARS, MAX_SINCE_START_S};
use super::{answer::Comparison, view::CompareWindow};
use crate::{error::AppError, metric_series::GpuLines};

/// A workload offered to add to the comparison.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub project: String,
    pub phase: String,
}

/// Candidates offered at most.
pub const MAX_CANDIDATES: usize = 10;

/// Refuses what no URL of the page makes: no ids or too many, a window out of range.
#[cfg(feature = "ssr")]
fn checked(ids: &[Uuid], window: &CompareWindow) -> Result<(), AppError> {
    if ids.is_empty() || ids.len() > MAX_COMPARED {
        return Err(AppError::bad_request(format!(
            "compare 1 to {MAX_COMPARED} workloads, not {}",
            ids.len()
        )));
    }
    if let CompareWindow::SinceStart { since_s, until_s } = window {
        let fits = |s: i64| (0..=MAX_SINCE_START_S).contains(&s);
        let room = *since_s <= MAX_SINCE_START_S - 60;
        if !fits(*since_s) || !room || until_s.is_some_and(|u| !fits(u) || u <= *since_s) {
            return Err(AppError::bad_request(format!(
                "the window after each start runs from 0 to {MAX_SINCE_START_S} seconds, its start before its end"
            )));
        }
    }
    Ok(())
}

/// The workloads `ids` side by side over `window`, per-GPU metrics drawn as `gpus`
/// says; an id the viewer may not see is named as hidden, never dropped.
#[server(endpoint = "comparison")]
pub async fn get_comparison(
    ids: Vec<Uuid>,
    window: CompareWindow,
    gpus: GpuLines,
) -> Result<Comparison, AppError> {
    use runai::model::Timestamp;

    checked(&ids, &window)?;
    let (upstream, credentials) = crate::caller::upstream_call()?;
    let (readings, shown) = super::read::read(
        &upstream.client,
        &credentials,
        &ids,
        &window,
        Timestamp::now(),
    )
    .await?;
    Ok(super::build::comparison(
        &readings,
        shown,
        gpus,
        &crate::time_zone::zone_of_request(),
    ))
}

/// Workloads to add to a comparison of `compared`: those whose name holds `words`,
/// of the first compared workload's project first, none already compared.
#[server(endpoint = "compare_candidates")]
pub async fn find_to_compare(
    compared: Vec<Uuid>,
    words: String,
) -> Result<Vec<Candidate>, AppError> {
    use runai::query::{
        Filter, FilterField, FilterOp, ListQuery, SortBy, SortOrder, WorkloadSelection,
    };

    if compared.len() > MAX_COMPARED {
        return Err(AppError::bad_request(format!(
            "compare at most {MAX_COMPARED} workloads"
        )));
    }
    let words = words.trim().to_owned();
    if words.chars().count() > MAX_FIND_CHARS {
        return Err(AppError::bad_request(format!(
            "search at most {MAX_FIND_CHARS} characters"
        )));
    }
    let (upstream, credentials) = crate::caller::upstream_call()?;
    let client = &upstream.client;
    // The first compared workload's project, as the viewer may see it.
    let project = match compared.first() {
        Some(id) => client
            .get_workload(&credentials, *id)
            .await
            .ok()
            .map(|detail| detail.workload.project_name),
        None => None,
    };
    let query = |project: Option<&str>| -> ListQuery {
        // A project name the filter grammar cannot hold is not looked for first.
        let filter_by = project
            .and_then(|name| {
                Filter::new(FilterField::ProjectName, FilterOp::Eq, name.to_owned()).ok()
            })
            .into_iter()
            .collect();
        ListQuery {
            selection: WorkloadSelection {
                deleted: None,
                filter_by,
                search: (!words.is_empty()).then(|| words.clone()),
            },
            offset: None,
            limit: Some((MAX_CANDIDATES + MAX_COMPARED) as u16),
            sort_by: Some(SortBy::CreatedAt),
            sort_order: Some(SortOrder::Desc),
        }
    };
    let mut lists = Vec::new();
    if let Some(project) = project.as_deref() {
        lists.push(
            client
                .list_workloads(&credentials, &query(Some(project)))
                .await?,
        );
    }
    lists.push(client.list_workloads(&credentials, &query(None)).await?);
    let mut candidates: Vec<Candidate> = Vec::new();
    for w in lists.iter().flat_map(|list| list.workloads.iter()) {
        if compared.contains(&w.id) || candidates.iter().any(|c| c.id == w.id.to_string()) {
            continue;
        }
        candidates.push(Candidate {
            id: w.id.to_string(),
            name: w.name.clone(),
            project: w.project_name.clone(),
            phase: w.phase.to_string(),
        });
    }
    candidates.truncate(MAX_CANDIDATES);
    Ok(candidates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_no_url_of_the_page_makes_is_refused() {
        let id = Uuid::nil();
        let whole = CompareWindow::SinceStart {
            since_s: 0,
            until_s: None,
        };
        assert!(checked(&[id], &whole).is_ok());
        assert!(checked(&[], &whole).is_err());
        assert!(checked(&[id; 5], &whole).is_err());
        for (since_s, until_s) in [(-1, None), (10, Some(10)), (0, Some(MAX_SINCE_START_S + 1))] {
            let window = CompareWindow::SinceStart { since_s, until_s };
            assert_eq!(checked(&[id], &window).unwrap_err().status(), 400);
        }
    }
}
