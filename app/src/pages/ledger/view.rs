//! The ledger page's state, which is its URL: the window (`window=7d`, `24h`, `30d`,
//! any `<n>h` or `<n>d`, or `2026-11-01..2026-11-08` in UTC days) and the grouping
//! (`group=project|department|person|nodepool`).

use runai::query::QueryParams;

use crate::{
    components::window_param,
    url_state::{Problem, UrlQuery, UrlState},
};

pub use ledger::{
    grouping::Grouping,
    window::{LedgerWindow, MAX_WINDOW_DAYS},
};

/// The ledger page's URL state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LedgerView {
    pub window: LedgerWindow,
    pub group: Grouping,
    /// What could not be read from the URL.
    pub problems: Vec<Problem>,
}

impl UrlState for LedgerView {
    const PATH: &'static str = "/ledger";
}

impl UrlQuery for LedgerView {
    fn from_params(params: &QueryParams) -> Self {
        let mut view = Self::default();
        let (window, problem) = window_param(params);
        view.window = window;
        view.problems.extend(problem);
        if let Some(word) = params.get("group").filter(|w| !w.is_empty()) {
            match Grouping::parse(word) {
                Some(group) => view.group = group,
                None => view.problems.push(Problem::new(
                    "group",
                    format!("“{word}” is not project, department, person or nodepool"),
                )),
            }
        }
        view
    }

    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if self.window != LedgerWindow::default() {
            pairs.push(("window", self.window.word()));
        }
        if self.group != Grouping::default() {
            pairs.push(("group", self.group.as_str().to_owned()));
        }
        pairs
    }

    fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_holds_the_window_and_the_grouping() {
        let view = LedgerView::from_params(&QueryParams::parse("window=30d&group=person"));
        assert_eq!(view.window, LedgerWindow::Last { hours: 720 });
        assert_eq!(view.group, Grouping::Person);
        assert_eq!(view.href(), "/ledger?window=30d&group=person");
        assert_eq!(LedgerView::default().href(), "/ledger");
        let typed = LedgerView::from_params(&QueryParams::parse("window=2026-11-01..2026-11-07"));
        assert_eq!(typed.href(), "/ledger?window=2026-11-01..2026-11-07");
    }

    #[test]
    fn bad_words_fall_back_and_say_why() {
        for bad in [
            "0d",
            "-3h",
            "7w",
            "91d",
            "2026-02-30..2026-03-01",
            "2026-11-08..2026-11-01",
            "x",
            // Words ending in a character of more than one byte.
            "1é",
            "1%C3%A9",
            "%ff",
            "7✓",
            "30😀",
            "é",
        ] {
            let view =
                LedgerView::from_params(&QueryParams::parse(&format!("window={bad}&group=team")));
            assert_eq!(view.window, LedgerWindow::default(), "{bad}");
            assert_eq!(view.problems.len(), 2, "{bad}: {:?}", view.problems);
        }
    }
}
