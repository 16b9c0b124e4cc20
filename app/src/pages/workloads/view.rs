//! The workloads page's state, which is its URL: every control reads from and writes
//! to the query string, so a link reproduces the view and back/forward step through it.
//! The API's own words (`filterBy`, `search`, `deleted`, `sortBy`, `sortOrder`) sit
//! beside the page's (`page`, `pageSize`, `columns`, `refresh`).

use crate::runai::query::{
    Filter, ListQuery, QueryParams, SortBy, SortOrder, WorkloadSelection, encode_query,
};

use super::columns::Column;

/// The page sizes offered; any 1–500 in the URL is honoured.
pub const PAGE_SIZES: [u16; 5] = [25, 50, 100, 250, 500];
const DEFAULT_PAGE_SIZE: u16 = 50;

/// How often the table refreshes itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Refresh {
    #[default]
    Off,
    Seconds(u32),
}

impl Refresh {
    pub const CHOICES: [Refresh; 5] = [
        Refresh::Off,
        Refresh::Seconds(5),
        Refresh::Seconds(10),
        Refresh::Seconds(30),
        Refresh::Seconds(60),
    ];

    pub fn id(self) -> &'static str {
        match self {
            Refresh::Off => "off",
            Refresh::Seconds(5) => "5s",
            Refresh::Seconds(10) => "10s",
            Refresh::Seconds(30) => "30s",
            _ => "1m",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Refresh::Off => "Off",
            Refresh::Seconds(5) => "5 s",
            Refresh::Seconds(10) => "10 s",
            Refresh::Seconds(30) => "30 s",
            _ => "1 min",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::CHOICES.into_iter().find(|r| r.id() == id)
    }
}

/// A URL parameter that could not be used, and why; shown next to its control.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub param: &'static str,
    pub message: String,
}

/// Everything the page shows, as read from (and written to) its URL.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkloadsView {
    pub filters: Vec<Filter>,
    /// `filterBy` items from the URL that are not valid: shown, marked, never sent.
    pub invalid_filters: Vec<(String, String)>,
    pub search: String,
    pub deleted: bool,
    pub sort_by: Option<SortBy>,
    pub sort_order: SortOrder,
    /// 1-based.
    pub page: u32,
    pub page_size: u16,
    /// `None`: no choice in the URL (the browser's remembered choice, else the default).
    pub columns: Option<Vec<Column>>,
    pub refresh: Refresh,
    pub problems: Vec<Problem>,
}

impl Default for WorkloadsView {
    fn default() -> Self {
        Self {
            filters: Vec::new(),
            invalid_filters: Vec::new(),
            search: String::new(),
            deleted: false,
            sort_by: Some(SortBy::CreatedAt),
            sort_order: SortOrder::Desc,
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
            columns: None,
            refresh: Refresh::Off,
            problems: Vec::new(),
        }
    }
}

impl WorkloadsView {
    /// Reads the view from a URL's parameters. Nothing here fails: a bad parameter
    /// falls back to its default and is reported in `problems`.
    pub fn from_params(params: &QueryParams) -> Self {
        let mut view = Self::default();
        let problem = view_problem;
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
        match params.get("refresh") {
            None | Some("") => {}
            Some(id) => match Refresh::from_id(id) {
                Some(refresh) => view.refresh = refresh,
                None => problems.push(problem(
                    "refresh",
                    format!("“{id}” is not off, 5s, 10s, 30s or 1m"),
                )),
            },
        }
        view.problems = problems;
        view
    }

    /// The URL query string for this view (defaults left out), without `?`.
    pub fn to_query_string(&self) -> String {
        let defaults = Self::default();
        let mut pairs: Vec<(&str, String)> = Vec::new();
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
        if self.sort_by != defaults.sort_by || self.sort_order != defaults.sort_order {
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
        if self.refresh != Refresh::Off {
            pairs.push(("refresh", self.refresh.id().to_owned()));
        }
        encode_query(&pairs)
    }

    /// The page's own URL for this view.
    pub fn href(&self) -> String {
        match self.to_query_string() {
            q if q.is_empty() => "/workloads".to_owned(),
            q => format!("/workloads?{q}"),
        }
    }

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

    /// The visible columns.
    pub fn visible_columns(&self) -> Vec<Column> {
        self.columns
            .clone()
            .unwrap_or_else(|| Column::DEFAULT.to_vec())
    }

    /// A changed view for a changed selection: back to the first page.
    fn reselected(&self, change: impl FnOnce(&mut Self)) -> Self {
        let mut next = self.clone();
        change(&mut next);
        next.page = 1;
        next.problems.clear();
        next
    }

    pub fn with_filter(&self, filter: Filter) -> Self {
        self.reselected(|v| {
            if !v.filters.contains(&filter) {
                v.filters.push(filter);
            }
        })
    }

    pub fn without_filter(&self, index: usize) -> Self {
        self.reselected(|v| {
            if index < v.filters.len() {
                v.filters.remove(index);
            }
        })
    }

    pub fn without_invalid_filter(&self, index: usize) -> Self {
        self.reselected(|v| {
            if index < v.invalid_filters.len() {
                v.invalid_filters.remove(index);
            }
        })
    }

    /// Only workloads in `phase`: any other phase equality filter is replaced.
    pub fn with_phase(&self, phase: &str) -> Self {
        use crate::runai::query::{FilterField, FilterOp};
        self.reselected(|v| {
            v.filters
                .retain(|f| !(f.field() == FilterField::Phase && f.op() == FilterOp::Eq));
            if let Ok(filter) = Filter::new(FilterField::Phase, FilterOp::Eq, phase) {
                v.filters.push(filter);
            }
        })
    }

    pub fn with_search(&self, search: &str) -> Self {
        self.reselected(|v| v.search = search.to_owned())
    }

    pub fn with_deleted(&self, deleted: bool) -> Self {
        self.reselected(|v| v.deleted = deleted)
    }

    /// Sorted by `key`: ascending first, a second click on the same key flips it.
    pub fn with_sort(&self, key: SortBy) -> Self {
        self.reselected(|v| {
            v.sort_order = match (v.sort_by == Some(key), v.sort_order) {
                (true, SortOrder::Asc) => SortOrder::Desc,
                (true, SortOrder::Desc) => SortOrder::Asc,
                (false, _) => SortOrder::Asc,
            };
            v.sort_by = Some(key);
        })
    }

    pub fn with_order(&self, order: SortOrder) -> Self {
        self.reselected(|v| v.sort_order = order)
    }

    pub fn with_page(&self, page: u32) -> Self {
        let mut next = self.clone();
        next.page = page.max(1);
        next
    }

    pub fn with_page_size(&self, size: u16) -> Self {
        self.reselected(|v| v.page_size = size.clamp(1, 500))
    }

    pub fn with_columns(&self, columns: Vec<Column>) -> Self {
        let mut next = self.clone();
        next.columns = Some(columns);
        next
    }

    pub fn with_refresh(&self, refresh: Refresh) -> Self {
        let mut next = self.clone();
        next.refresh = refresh;
        next
    }

    /// The last page for `total` rows.
    pub fn last_page(&self, total: i64) -> u32 {
        let size = i64::from(self.page_size);
        ((total.max(1) + size - 1) / size) as u32
    }

    /// The problem with `param`, if any.
    pub fn problem(&self, param: &str) -> Option<String> {
        self.problems
            .iter()
            .find(|p| p.param == param)
            .map(|p| p.message.clone())
    }
}

fn view_problem(param: &'static str, message: String) -> Problem {
    Problem { param, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(query: &str) -> WorkloadsView {
        WorkloadsView::from_params(&QueryParams::parse(query))
    }

    #[test]
    fn the_url_round_trips_every_control() {
        let text = "filterBy=phase%3D%3DRunning%2CallocatedGPU%3E%3D2&search=llm&deleted=true&sortBy=allocatedGPU&sortOrder=desc&page=3&pageSize=100&columns=name%2Cgpus&refresh=10s";
        let v = view(text);
        assert_eq!(v.filters.len(), 2);
        assert_eq!(v.search, "llm");
        assert!(v.deleted);
        assert_eq!(
            (v.sort_by, v.sort_order),
            (Some(SortBy::AllocatedGpu), SortOrder::Desc)
        );
        assert_eq!((v.page, v.page_size), (3, 100));
        assert_eq!(v.visible_columns(), [Column::Name, Column::Gpus]);
        assert_eq!(v.refresh, Refresh::Seconds(10));
        assert!(v.problems.is_empty());
        assert_eq!(v.to_query_string(), text);
        assert_eq!(view(&v.to_query_string()), v);
    }

    #[test]
    fn the_default_view_has_a_bare_url_and_the_api_words() {
        let v = view("");
        assert_eq!(v.href(), "/workloads");
        assert_eq!(
            v.list_query().to_query_string(),
            "offset=0&limit=50&sortBy=createdAt&sortOrder=desc"
        );
        let page_two = v.with_page(2);
        assert_eq!(page_two.list_query().offset, Some(50));
        assert_eq!(page_two.href(), "/workloads?page=2");
    }

    #[test]
    fn bad_parameters_fall_back_and_say_why() {
        let v = view(
            "sortBy=colour&pageSize=9000&page=0&refresh=2s&columns=name,bogus&deleted=maybe&filterBy=colour%3D%3Dred",
        );
        for param in [
            "sortBy", "pageSize", "page", "refresh", "columns", "deleted",
        ] {
            assert!(v.problem(param).is_some(), "{param}");
        }
        assert_eq!(v.sort_by, Some(SortBy::CreatedAt));
        assert_eq!(v.page_size, 50);
        assert_eq!(v.visible_columns(), [Column::Name]);
        assert_eq!(
            v.invalid_filters.len(),
            1,
            "an invalid chip is kept, marked"
        );
        assert!(
            v.list_query().selection.filter_by.is_empty(),
            "and never sent"
        );
        assert!(
            v.to_query_string().contains("filterBy=colour"),
            "it stays in the URL"
        );
    }

    #[test]
    fn changes_reset_the_page_and_sorting_toggles() {
        let v = view("page=4");
        let filtered = v.with_filter("phase==Running".parse().unwrap());
        assert_eq!(filtered.page, 1);
        let by_name = v.with_sort(SortBy::Name);
        assert_eq!(
            (by_name.sort_by, by_name.sort_order),
            (Some(SortBy::Name), SortOrder::Asc)
        );
        let flipped = by_name.with_sort(SortBy::Name);
        assert_eq!(flipped.sort_order, SortOrder::Desc);
        let pending = filtered.with_phase("Pending");
        assert_eq!(
            pending
                .filters
                .iter()
                .map(|f| f.to_string())
                .collect::<Vec<_>>(),
            ["phase==Pending"]
        );
        assert_eq!(view("").last_page(0), 1);
        assert_eq!(view("").last_page(101), 3);
    }
}
