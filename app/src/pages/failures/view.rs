//! The failures page's state, which is its URL: the window (`window=7d`, `24h`, `30d`,
//! any `<n>h` or `<n>d`, or `2026-11-01..2026-11-08` in UTC days), as the ledger's.

use runai::query::QueryParams;

use crate::{
    components::window_param,
    url_state::{Problem, UrlQuery, UrlState},
};

pub use ledger::window::LedgerWindow;

/// The failures page's URL state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FailuresView {
    pub window: LedgerWindow,
    /// What could not be read from the URL.
    pub problems: Vec<Problem>,
}

impl UrlState for FailuresView {
    const PATH: &'static str = "/failures";
}

impl UrlQuery for FailuresView {
    fn from_params(params: &QueryParams) -> Self {
        let (window, problem) = window_param(params);
        Self {
            window,
            problems: problem.into_iter().collect(),
        }
    }

    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        match self.window == LedgerWindow::default() {
            true => Vec::new(),
            false => vec![("window", self.window.word())],
        }
    }

    fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_holds_the_window_and_bad_ones_say_why() {
        let view = FailuresView::from_params(&QueryParams::parse("window=30d"));
        assert_eq!(view.href(), "/failures?window=30d");
        assert_eq!(FailuresView::default().href(), "/failures");
        let bad = FailuresView::from_params(&QueryParams::parse("window=forever"));
        assert!(bad.problem("window").is_some());
        assert_eq!(bad.window, LedgerWindow::default());
    }
}
