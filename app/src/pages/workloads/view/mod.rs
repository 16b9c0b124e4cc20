//! The workloads page's state, which is its URL: every control reads from and writes
//! to the query string, so a link reproduces the view and back/forward step through it.
//! The API's own words (`filterBy`, `search`, `deleted`, `sortBy`, `sortOrder`) sit
//! beside the page's (`page`, `pageSize`, `columns`, `refresh`, and `gpuState`, `cause`
//! and `sortBy=gpuState`, which the dashboard answers itself).

use runai::query::{Filter, ListQuery, QueryParams, SortBy, SortOrder, WorkloadSelection};

use super::columns::Column;
pub use crate::url_state::{Problem, UrlQuery, UrlState};
use crate::{components::Refresh, gpu_states::StateChoice};

mod changes;

/// The page sizes offered; any 1–500 in the URL is honoured.
pub const PAGE_SIZES: [u16; 5] = [25, 50, 100, 250, 500];
const DEFAULT_PAGE_SIZE: u16 = 50;
/// `sortBy`'s word for the GPU state, which the dashboard sorts itself.
pub const GPU_STATE_SORT: &str = "gpuState";

/// Everything the page shows, as read from (and written to) its URL.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkloadsView {
    pub filters: Vec<Filter>,
    /// `filterBy` items from the URL that are not valid: shown, marked, never sent.
    pub invalid_filters: Vec<(String, String)>,
    pub search: String,
    pub deleted: bool,
    pub sort_by: Option<SortBy>,
    /// Sorted by GPU state (`sortBy=gpuState`, what needs attention first when
    /// ascending): the dashboard sorts, `sort_by` orders equal states.
    pub sort_by_gpu_state: bool,
    pub sort_order: SortOrder,
    /// 1-based.
    pub page: u32,
    pub page_size: u16,
    /// `None`: no choice in the URL (the browser's remembered choice, else the default).
    pub columns: Option<Vec<Column>>,
    pub refresh: Refresh,
    /// Narrowed to running workloads whose GPUs are in this state (`gpuState=`): the
    /// dashboard's own check, not a Run:ai filter.
    pub gpu_state: Option<StateChoice>,
    /// Narrowed to failures of one cause (`cause=`, its id on the failures page): the
    /// dashboard's own grouping, not a Run:ai filter.
    pub cause: Option<String>,
    /// The workloads ticked for comparison (`compare=`), kept while paging and
    /// filtering; at most [`MAX_PICKED`].
    pub picked: Vec<uuid::Uuid>,
    pub problems: Vec<Problem>,
}

/// Workloads ticked for comparison at most: as many as the comparison shows.
pub const MAX_PICKED: usize = 4;

impl Default for WorkloadsView {
    fn default() -> Self {
        Self {
            filters: Vec::new(),
            invalid_filters: Vec::new(),
            search: String::new(),
            deleted: false,
            sort_by: Some(SortBy::CreatedAt),
            sort_by_gpu_state: false,
            sort_order: SortOrder::Desc,
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
            columns: None,
            refresh: Refresh::Off,
            gpu_state: None,
            cause: None,
            picked: Vec::new(),
            problems: Vec::new(),
        }
    }
}

impl UrlState for WorkloadsView {
    const PATH: &'static str = "/workloads";
}

impl UrlQuery for WorkloadsView {
    fn from_params(params: &QueryParams) -> Self {
        let mut view = Self::default();
        let problem = Problem::new;
        let mut problems = Vec::new();
        for text in params.list("filterBy") {
            match text.parse::<Filter>() {
                Ok(filter) => view.filters.push(filter),
                Err(err) => view
                    .invalid_filters
                    .push((text.to_owned(), err.to_string())),
            }
        }
        view.search = params.get("search").unwrap_or_default().to_owned();
        match params.get("deleted") {
            None | Some("") | Some("false") => {}
            Some("true") => view.deleted = true,
            Some(other) => problems.push(problem(
                "deleted",
                format!("“{other}” is not true or false"),
            )),
        }
        match params.get("sortBy") {
            None | Some("") => {}
            Some(GPU_STATE_SORT) => view.sort_by_gpu_state = true,
            Some(word) => match SortBy::known(word) {
                Some(key) => view.sort_by = Some(key),
                None => problems.push(problem(
                    "sortBy",
                    format!("“{word}” is not a sortable field"),
                )),
            },
        }
        match params.get("sortOrder") {
            None | Some("") => {}
            Some(word) => match SortOrder::known(word) {
                Some(order) => view.sort_order = order,
                None => problems.push(problem("sortOrder", format!("“{word}” is not asc or desc"))),
            },
        }
        match params.get("page").map(str::parse::<u32>) {
            None => {}
            Some(Ok(page)) if page >= 1 => view.page = page,
            Some(_) => problems.push(problem(
                "page",
                "the page must be a whole number from 1".to_owned(),
            )),
        }
        match params.get("pageSize").map(str::parse::<u16>) {
            None => {}
            Some(Ok(size)) if (1..=500).contains(&size) => view.page_size = size,
            Some(_) => problems.push(problem(
                "pageSize",
                "the page size must be 1–500".to_owned(),
            )),
        }
        if let Some(list) = params.get("columns") {
            let mut columns = Vec::new();
            for id in list.split(',').filter(|id| !id.is_empty()) {
                match Column::from_id(id) {
                    Some(column) if !columns.contains(&column) => columns.push(column),
                    Some(_) => {}
                    None => problems.push(problem("columns", format!("“{id}” is not a column"))),
                }
            }
            if !columns.is_empty() {
                view.columns = Some(columns);
            }
        }
        match params.get("gpuState") {
            None | Some("") => {}
            Some(word) => match StateChoice::parse(word) {
                Some(choice) => view.gpu_state = Some(choice),
                None => problems.push(problem(
                    "gpuState",
                    format!("“{word}” is not stalled, never-used, idle or busy"),
                )),
            },
        }
        match params.get("cause") {
            None | Some("") => {}
            Some(id) if ledger::failure_cause::is_cause_id(id) => view.cause = Some(id.to_owned()),
            Some(_) => problems.push(problem(
                "cause",
                "a cause is named by the 16 letters and digits its link on the failures page gives"
                    .to_owned(),
            )),
        }
        for word in params.get("compare").unwrap_or_default().split(',') {
            match word.parse::<uuid::Uuid>() {
                _ if word.is_empty() => {}
                Ok(id) if view.picked.contains(&id) => {}
                Ok(id) if view.picked.len() < MAX_PICKED => view.picked.push(id),
                Ok(_) => {
                    problems.push(problem(
                        "compare",
                        format!("at most {MAX_PICKED} workloads are compared at once"),
                    ));
                    break;
                }
                Err(_) => {
                    problems.push(problem(
                        "compare",
                        format!("“{}” is not a workload id (a UUID)", runai::loggable(word)),
                    ));
                    break;
                }
            }
        }
        view.refresh = Refresh::from_params(params, &mut problems);
        view.problems = problems;
        view
    }

    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let defaults = Self::default();
        let mut pairs: Vec<(&'static str, String)> = Vec::new();
        let mut filters: Vec<String> = self.filters.iter().map(Filter::to_string).collect();
        filters.extend(self.invalid_filters.iter().map(|(text, _)| text.clone()));
        if !filters.is_empty() {
            pairs.push(("filterBy", filters.join(",")));
        }
        if !self.search.is_empty() {
            pairs.push(("search", self.search.clone()));
        }
        if self.deleted {
            pairs.push(("deleted", "true".to_owned()));
        }
        if let Some(choice) = self.gpu_state {
            pairs.push(("gpuState", choice.word().to_owned()));
        }
        if let Some(cause) = &self.cause {
            pairs.push(("cause", cause.clone()));
        }
        if self.sort_by_gpu_state {
            pairs.push(("sortBy", GPU_STATE_SORT.to_owned()));
            pairs.push(("sortOrder", self.sort_order.to_string()));
        } else if self.sort_by != defaults.sort_by || self.sort_order != defaults.sort_order {
            if let Some(key) = self.sort_by {
                pairs.push(("sortBy", key.to_string()));
            }
            pairs.push(("sortOrder", self.sort_order.to_string()));
        }
        if self.page != 1 {
            pairs.push(("page", self.page.to_string()));
        }
        if self.page_size != DEFAULT_PAGE_SIZE {
            pairs.push(("pageSize", self.page_size.to_string()));
        }
        if let Some(columns) = &self.columns {
            pairs.push((
                "columns",
                columns.iter().map(|c| c.id()).collect::<Vec<_>>().join(","),
            ));
        }
        if !self.picked.is_empty() {
            let ids: Vec<String> = self.picked.iter().map(ToString::to_string).collect();
            pairs.push(("compare", ids.join(",")));
        }
        if self.refresh != Refresh::Off {
            pairs.push(("refresh", self.refresh.id().to_owned()));
        }
        pairs
    }

    fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

impl WorkloadsView {
    /// Which workloads (no paging): what count and export use.
    pub fn selection(&self) -> WorkloadSelection {
        WorkloadSelection {
            deleted: self.deleted.then_some(true),
            filter_by: self.filters.clone(),
            search: Some(self.search.trim().to_owned()).filter(|s| !s.is_empty()),
        }
    }

    /// The list call for the current page.
    pub fn list_query(&self) -> ListQuery {
        ListQuery {
            selection: self.selection(),
            offset: Some((self.page - 1).saturating_mul(u32::from(self.page_size))),
            limit: Some(self.page_size),
            sort_by: self.sort_by,
            sort_order: Some(self.sort_order),
        }
    }

    /// The list call for every page of `selection` in the view's order (the offset
    /// and limit are the reader's to set).
    pub fn every_page_query(&self, selection: WorkloadSelection) -> ListQuery {
        ListQuery {
            selection,
            offset: None,
            limit: None,
            sort_by: self.sort_by,
            sort_order: Some(self.sort_order),
        }
    }

    /// Whether the dashboard reads every page and narrows or orders the rows itself
    /// (by GPU state or failure cause, which Run:ai does not know).
    pub fn answered_here(&self) -> bool {
        self.gpu_state.is_some() || self.cause.is_some() || self.sort_by_gpu_state
    }

    /// The visible columns.
    pub fn visible_columns(&self) -> Vec<Column> {
        self.columns
            .clone()
            .unwrap_or_else(|| Column::DEFAULT.to_vec())
    }

    /// The last page for `total` rows.
    pub fn last_page(&self, total: i64) -> u32 {
        let size = i64::from(self.page_size);
        ((total.max(1) + size - 1) / size) as u32
    }
}

#[cfg(test)]
mod tests;
