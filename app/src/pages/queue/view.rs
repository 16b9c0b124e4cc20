//! The queue page's state, which is its URL: one node pool (`pool=a100`, or every pool
//! with pending workloads) and one project (`project=vision`, or every project).

use runai::query::{Filter, FilterField, FilterOp, QueryParams};

use crate::url_state::{Problem, UrlQuery, UrlState};

/// The queue page's URL state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueueView {
    pub pool: Option<String>,
    pub project: Option<String>,
    /// What could not be read from the URL.
    pub problems: Vec<Problem>,
}

impl UrlState for QueueView {
    const PATH: &'static str = "/queue";
}

/// The longest name Kubernetes gives a node pool or a project's namespace.
const MAX_NAME: usize = 253;

/// `value` as a name `filterBy` can carry for `field`, or why not.
pub fn checked(field: FilterField, value: &str) -> Result<String, String> {
    if value.chars().count() > MAX_NAME {
        return Err(format!("a name is at most {MAX_NAME} characters long"));
    }
    if value.chars().any(char::is_control) {
        return Err("a name has no control characters".to_owned());
    }
    Filter::new(field, FilterOp::Eq, value.to_owned())
        .map(|_| value.to_owned())
        .map_err(|err| err.to_string())
}

impl UrlQuery for QueueView {
    fn from_params(params: &QueryParams) -> Self {
        let mut view = Self::default();
        for (param, field) in [
            ("pool", FilterField::Nodepool),
            ("project", FilterField::ProjectName),
        ] {
            let Some(word) = params.get(param).filter(|w| !w.is_empty()) else {
                continue;
            };
            match checked(field, word) {
                Ok(word) if param == "pool" => view.pool = Some(word),
                Ok(word) => view.project = Some(word),
                Err(why) => view.problems.push(Problem::new(param, why)),
            }
        }
        view
    }

    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(pool) = &self.pool {
            pairs.push(("pool", pool.clone()));
        }
        if let Some(project) = &self.project {
            pairs.push(("project", project.clone()));
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
    fn the_url_holds_the_pool_and_the_project() {
        let view = QueueView::from_params(&QueryParams::parse("pool=a100&project=vision"));
        assert_eq!(view.pool.as_deref(), Some("a100"));
        assert_eq!(view.project.as_deref(), Some("vision"));
        assert_eq!(view.href(), "/queue?pool=a100&project=vision");
        assert_eq!(QueueView::default().href(), "/queue");
        assert_eq!(
            QueueView::from_params(&QueryParams::parse("pool=")).href(),
            "/queue"
        );
    }

    #[test]
    fn words_filterby_cannot_carry_are_refused_and_say_why() {
        for bad in ["a%2Cb", "a%07b", &"x".repeat(254)] {
            let view =
                QueueView::from_params(&QueryParams::parse(&format!("pool={bad}&project={bad}")));
            assert_eq!(view.pool, None, "{bad}");
            assert_eq!(view.problems.len(), 2, "{bad}: {:?}", view.problems);
        }
    }
}
