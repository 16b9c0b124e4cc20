//! One shape for every page's state, which is its URL: read from the query string with
//! the parameters that could not be used as typed [`Problem`]s (each falls back to its
//! default), written back with the defaults left out. A canonical URL reads back to
//! the same state (the round-trip tests of each page and `app/tests/url_properties.rs`).

use std::fmt;

use runai::query::{QueryParams, encode_query};

/// A URL parameter that could not be used, and why; shown next to its control or
/// above the page, always as `param: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The parameter, as the URL names it.
    pub param: &'static str,
    /// Why it could not be used.
    pub message: String,
}

impl Problem {
    /// `param` could not be used because of `message`.
    pub fn new(param: &'static str, message: impl Into<String>) -> Self {
        Self {
            param,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.param, self.message)
    }
}

/// A page's state as its query string says it: read with the problems found, written
/// with the defaults left out.
pub trait UrlQuery: Sized {
    /// Reads the state; a parameter that cannot be used falls back to its default and
    /// is reported in [`UrlQuery::problems`]. Never fails, never panics.
    fn from_params(params: &QueryParams) -> Self;

    /// The parameters this state writes, defaults left out, in the URL's order.
    fn to_pairs(&self) -> Vec<(&'static str, String)>;

    /// What could not be read from the URL it came from.
    fn problems(&self) -> &[Problem];

    /// The problem with `param`, if any.
    fn problem(&self, param: &str) -> Option<&Problem> {
        self.problems().iter().find(|p| p.param == param)
    }

    /// Reads the state from a query string (without `?`).
    fn parse(query: &str) -> Self {
        Self::from_params(&QueryParams::parse(query))
    }

    /// Reads the state from a query string that is used whole or not at all, as a
    /// download's: the first problem found refuses it.
    fn parse_whole(query: &str) -> Result<Self, Problem> {
        let state = Self::parse(query);
        match state.problems().first() {
            Some(problem) => Err(problem.clone()),
            None => Ok(state),
        }
    }

    /// The query string for this state, percent-encoded, without `?`.
    fn query(&self) -> String {
        encode_query(&self.to_pairs())
    }
}

/// The state of a page at a fixed path, which is its whole URL.
pub trait UrlState: UrlQuery {
    /// The page's path.
    const PATH: &'static str;

    /// The page's URL for this state.
    fn href(&self) -> String {
        with_query(Self::PATH, &self.query())
    }
}

/// `path` with `query` (none when empty).
pub fn with_query(path: &str, query: &str) -> String {
    match query {
        "" => path.to_owned(),
        query => format!("{path}?{query}"),
    }
}

/// `query` with the parameter `name` set to `value` (left out when empty), every other
/// parameter kept where it was. This is how a control the server rendered changes the
/// URL in the browser, which reads no page's whole state: the server does, from the
/// URL, and answers for it.
pub fn with_param(query: &str, name: &str, value: &str) -> String {
    let mut pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let at = pairs.iter().position(|(key, _)| key == name);
    pairs.retain(|(key, _)| key != name);
    if !value.is_empty() {
        let at = at.unwrap_or(pairs.len()).min(pairs.len());
        pairs.insert(at, (name.to_owned(), value.to_owned()));
    }
    encode_query(&pairs)
}

#[cfg(test)]
mod tests {
    use super::with_param;

    #[test]
    fn a_parameter_is_set_in_place_and_an_empty_one_left_out() {
        let query = "filterBy=phase%3D%3DRunning&sortBy=name&page=3";
        assert_eq!(
            with_param(query, "sortBy", "createdAt"),
            "filterBy=phase%3D%3DRunning&sortBy=createdAt&page=3"
        );
        assert_eq!(
            with_param(query, "page", ""),
            "filterBy=phase%3D%3DRunning&sortBy=name"
        );
        assert_eq!(
            with_param("", "search", "a b&c"),
            "search=a%20b%26c",
            "encoded as the dashboard's own links are"
        );
        assert_eq!(
            with_param("search=x&search=y", "search", "z"),
            "search=z",
            "one value, however many there were"
        );
    }
}
