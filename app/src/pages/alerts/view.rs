//! The alerts page's state, which is its URL: the filter a new rule starts from
//! (`filter=phase==Pending,nodepool==h100-80gb`, as the table's `filterBy`), so the
//! table's "Alert me" link opens the form filled in with what the table shows.

use runai::query::QueryParams;

use crate::url_state::{Problem, UrlQuery, UrlState};

/// The alerts page's URL state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AlertsView {
    /// The filter the form starts with.
    pub filter: String,
    /// What could not be read from the URL.
    pub problems: Vec<Problem>,
}

impl UrlState for AlertsView {
    const PATH: &'static str = "/alerts";
}

impl UrlQuery for AlertsView {
    fn from_params(params: &QueryParams) -> Self {
        let given = params.get("filter").unwrap_or_default().trim();
        match ledger::alert_rule::parse_filters(given) {
            Ok(_) => Self {
                filter: given.to_owned(),
                problems: Vec::new(),
            },
            Err(err) => Self {
                filter: String::new(),
                problems: vec![Problem::new("filter", err.0)],
            },
        }
    }

    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        match self.filter.is_empty() {
            true => Vec::new(),
            false => vec![("filter", self.filter.clone())],
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
    fn the_url_holds_the_filter_a_rule_starts_from() {
        let view = AlertsView::from_params(&QueryParams::parse(
            "filter=phase%3D%3DPending%2Cnodepool%3D%3Dh100-80gb",
        ));
        assert_eq!(view.filter, "phase==Pending,nodepool==h100-80gb");
        assert_eq!(
            AlertsView::from_params(&QueryParams::parse(&view.href()[8..])),
            view
        );
        let bad = AlertsView::from_params(&QueryParams::parse("filter=colour%3D%3Dred"));
        assert!(bad.problem("filter").is_some());
        assert_eq!(bad.filter, "");
    }
}
