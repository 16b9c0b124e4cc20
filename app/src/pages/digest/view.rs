//! The digest's state, which is its URL: the ISO week (`week=2026-W49`, UTC), the last
//! complete one by default.

use ledger::week::IsoWeek;
use runai::query::QueryParams;

use crate::url_state::{Problem, UrlQuery, UrlState};

/// The digest page's URL state.
#[derive(Clone, Debug, PartialEq)]
pub struct DigestView {
    /// `None`: the last complete week.
    pub week: Option<IsoWeek>,
    /// What could not be read from the URL.
    pub problems: Vec<Problem>,
}

impl DigestView {
    /// The week shown at `now_ms`.
    pub fn week_at(&self, now_ms: i64) -> IsoWeek {
        self.week.unwrap_or_else(|| IsoWeek::last_complete(now_ms))
    }
}

impl UrlState for DigestView {
    const PATH: &'static str = "/digest";
}

impl UrlQuery for DigestView {
    fn from_params(params: &QueryParams) -> Self {
        match params.get("week").map(IsoWeek::parse) {
            None => Self {
                week: None,
                problems: Vec::new(),
            },
            Some(Ok(week)) => Self {
                week: Some(week),
                problems: Vec::new(),
            },
            Some(Err(err)) => Self {
                week: None,
                problems: vec![Problem::new("week", err.to_string())],
            },
        }
    }

    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        self.week
            .map(|week| vec![("week", week.word())])
            .unwrap_or_default()
    }

    fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_holds_the_week_and_a_bad_one_says_why() {
        let view = DigestView::from_params(&QueryParams::parse("week=2026-W49"));
        assert_eq!(view.href(), "/digest?week=2026-W49");
        let bad = DigestView::from_params(&QueryParams::parse("week=someday"));
        assert!(bad.problem("week").is_some());
        assert_eq!(bad.week, None);
        let latest = DigestView::from_params(&QueryParams::parse(""));
        assert_eq!(latest.href(), "/digest");
        let monday = IsoWeek::parse("2026-W50").unwrap().span_ms().0;
        assert_eq!(latest.week_at(monday + 1).word(), "2026-W49");
    }
}
