//! The workload page's state, which is its URL after the workload's id: the charts'
//! time range, how per-GPU metrics are drawn, the auto-refresh period and the table to
//! go back to.

use super::range::TimeRange;
pub use crate::metric_series::GpuLines;
use crate::{
    components::Refresh,
    url_state::{Problem, UrlQuery, with_query},
};
use runai::query::QueryParams;

/// The workload page's URL state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkloadView {
    /// The one window every chart shows.
    pub range: TimeRange,
    /// How per-GPU metrics are drawn.
    pub gpus: GpuLines,
    /// How often a window relative to now reloads.
    pub refresh: Refresh,
    /// The table's query to go back to.
    pub back: Option<String>,
    /// What could not be read from the URL.
    pub problems: Vec<Problem>,
}

impl UrlQuery for WorkloadView {
    fn from_params(params: &QueryParams) -> Self {
        let mut view = Self::default();
        view.range = TimeRange::from_page_params(params, &mut view.problems);
        view.refresh = Refresh::from_params(params, &mut view.problems);
        match GpuLines::from_word(params.get("gpus")) {
            Ok(gpus) => view.gpus = gpus,
            Err(message) => view.problems.push(Problem::new("gpus", message)),
        }
        view.back = params.get("back").map(str::to_owned);
        view
    }

    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = self.range.to_pairs();
        if let Some(word) = self.gpus.word() {
            pairs.push(("gpus", word.to_owned()));
        }
        if self.refresh != Refresh::Off {
            pairs.push(("refresh", self.refresh.id().to_owned()));
        }
        if let Some(back) = &self.back {
            pairs.push(("back", back.clone()));
        }
        pairs
    }

    fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

impl WorkloadView {
    /// The page's URL for workload `id` in this state.
    pub fn href(&self, id: &str) -> String {
        with_query(&format!("/workloads/{id}"), &self.query())
    }

    /// The page's URL for workload `id` showing `range` as a link (a preset, or the
    /// window on screen): the same view, without auto-refresh.
    pub fn href_with_range(&self, id: &str, range: TimeRange) -> String {
        Self {
            range,
            refresh: Refresh::Off,
            problems: Vec::new(),
            ..self.clone()
        }
        .href(id)
    }

    /// This state with `range` (which a preset, a typed window or a zoom chooses).
    pub fn with_range(&self, range: TimeRange) -> Self {
        Self {
            range,
            problems: Vec::new(),
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0b0c51a4-0000-4000-8000-000000000001";

    #[test]
    fn the_url_holds_the_range_refresh_and_way_back() {
        let query = "range=6h&refresh=30s&back=sortBy%3Dname";
        let view = WorkloadView::parse(query);
        assert_eq!(view.range, TimeRange::preset("6h").unwrap());
        assert_eq!(
            (view.refresh, view.back.as_deref()),
            (Refresh::Seconds(30), Some("sortBy=name"))
        );
        assert_eq!(view.href(ID), format!("/workloads/{ID}?{query}"));
        assert_eq!(WorkloadView::parse(&view.query()), view);
        assert_eq!(WorkloadView::default().href(ID), format!("/workloads/{ID}"));
        let absolute = WorkloadView::parse("from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z");
        assert!(absolute.problems.is_empty());
        assert_eq!(WorkloadView::parse(&absolute.query()), absolute);
    }

    #[test]
    fn every_unusable_parameter_is_a_problem_named_after_it() {
        for (query, param) in [
            ("range=2d", "range"),
            ("range=%F0%9F%98%80", "range"),
            ("from=yesterday&to=today", "from"),
            ("from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "from"),
            ("to=2026-01-01T00:00:00Z", "from"),
            ("refresh=2s", "refresh"),
            ("gpus=all", "gpus"),
        ] {
            let view = WorkloadView::parse(query);
            assert!(
                view.problem(param).is_some(),
                "{query}: {:?}",
                view.problems
            );
            assert_eq!(
                view.href(ID),
                format!("/workloads/{ID}"),
                "{query} falls back"
            );
        }
    }

    #[test]
    fn one_line_per_gpu_is_kept_in_the_url_and_links_to_other_windows_keep_it() {
        assert_eq!(WorkloadView::parse("").gpus, GpuLines::Spread);
        assert_eq!(
            WorkloadView::parse("gpus=spread").href(ID),
            format!("/workloads/{ID}")
        );
        let each = WorkloadView::parse("range=6h&gpus=each&refresh=30s&back=x");
        assert_eq!(each.gpus, GpuLines::Each);
        assert_eq!(
            each.href(ID),
            format!("/workloads/{ID}?range=6h&gpus=each&refresh=30s&back=x")
        );
        assert_eq!(
            each.href_with_range(ID, TimeRange::preset("24h").unwrap()),
            format!("/workloads/{ID}?range=24h&gpus=each&back=x")
        );
    }
}
