//! The view after one control changes: each returns a new view (and so a new URL);
//! a changed selection goes back to the first page.

use runai::query::{Filter, SortBy, SortOrder};

use super::{Refresh, WorkloadsView};
use crate::pages::workloads::columns::Column;

impl WorkloadsView {
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
        use runai::query::{FilterField, FilterOp};
        self.reselected(|v| {
            v.filters
                .retain(|f| !(f.field() == FilterField::Phase && f.op() == FilterOp::Eq));
            if let Ok(filter) = Filter::new(FilterField::Phase, FilterOp::Eq, phase) {
                v.filters.push(filter);
            }
        })
    }

    /// Narrowed to running workloads whose GPUs are in `choice` (`None`: any).
    pub fn with_gpu_state(&self, choice: Option<crate::gpu_states::StateChoice>) -> Self {
        self.reselected(|v| v.gpu_state = choice)
    }

    /// Every failure, not only one cause's.
    pub fn without_cause(&self) -> Self {
        self.reselected(|v| v.cause = None)
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
            let same = !v.sort_by_gpu_state && v.sort_by == Some(key);
            v.sort_order = flipped(same, v.sort_order);
            v.sort_by = Some(key);
            v.sort_by_gpu_state = false;
        })
    }

    /// Sorted by GPU state, as [`WorkloadsView::with_sort`] (ascending: what needs
    /// attention first).
    pub fn with_gpu_state_sort(&self) -> Self {
        self.reselected(|v| {
            v.sort_order = flipped(v.sort_by_gpu_state, v.sort_order);
            v.sort_by_gpu_state = true;
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
}

/// The order after a click on a header: ascending for a new key, flipped on the same.
fn flipped(same_key: bool, order: SortOrder) -> SortOrder {
    match (same_key, order) {
        (true, SortOrder::Asc) => SortOrder::Desc,
        (true, SortOrder::Desc) | (false, _) => SortOrder::Asc,
    }
}
