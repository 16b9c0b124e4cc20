//! Query strings: reading both array forms, writing the spec's `explode: false` form.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986's unreserved characters is percent-encoded, so commas
/// inside a joined array value travel as `%2C`, as Run:ai's own client sends them.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Encodes `key=value` pairs into a query string (without the leading `?`).
pub fn encode_query<K: AsRef<str>>(pairs: &[(K, String)]) -> String {
    pairs
        .iter()
        .map(|(key, value)| {
            format!(
                "{}={}",
                utf8_percent_encode(key.as_ref(), COMPONENT),
                utf8_percent_encode(value, COMPONENT)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A parsed query string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryParams {
    pairs: Vec<(String, String)>,
}

impl QueryParams {
    /// Parses a query string, with or without its leading `?`; `+` is a space.
    pub fn parse(query: &str) -> Self {
        let query = query.strip_prefix('?').unwrap_or(query);
        Self {
            pairs: form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect(),
        }
    }

    /// Builds from already-decoded pairs (e.g. a router's query map).
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        Self {
            pairs: pairs.into_iter().collect(),
        }
    }

    /// Every parameter as given, in order.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// A scalar parameter: the last value given, if any.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// An array parameter in either form: `k=a,b` (`explode: false`) or `k=a&k=b`.
    /// Empty items are dropped.
    pub fn list(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(key, _)| key == name)
            .flat_map(|(_, value)| value.split(','))
            .filter(|item| !item.is_empty())
            .collect()
    }

    /// Whether the parameter `name` is given with an empty value (`k=`), which the
    /// dashboard's own URLs read as "not given" and a strict server refuses for a
    /// number, a boolean, a date, a UUID or a closed word.
    pub fn has_empty_value(&self, name: &str) -> bool {
        self.pairs
            .iter()
            .any(|(key, value)| key == name && value.is_empty())
    }

    /// Whether the array parameter `name` holds an empty item (`k=`, `k=a,,b`, `k=a,`),
    /// which [`QueryParams::list`] forgives and a strict server refuses.
    pub fn has_empty_item(&self, name: &str) -> bool {
        self.pairs
            .iter()
            .filter(|(key, _)| key == name)
            .any(|(_, value)| value.split(',').any(str::is_empty))
    }
}

/// Serde through the query string for a query type with `parse` and `to_query_string`.
macro_rules! serde_as_query_string {
    ($query:ty) => {
        impl From<$query> for String {
            fn from(query: $query) -> String {
                query.to_query_string()
            }
        }

        impl TryFrom<String> for $query {
            type Error = $crate::query::QueryError;

            fn try_from(text: String) -> Result<Self, Self::Error> {
                <$query>::parse(&text)
            }
        }
    };
}
pub(crate) use serde_as_query_string;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_are_one_key_comma_joined_and_percent_encoded() {
        let query = encode_query(&[("filterBy", "phase==Running,allocatedGPU>=2".to_owned())]);
        assert_eq!(query, "filterBy=phase%3D%3DRunning%2CallocatedGPU%3E%3D2");
        assert_eq!(
            encode_query(&[("search", "a b/ü".to_owned())]),
            "search=a%20b%2F%C3%BC"
        );
    }

    #[test]
    fn both_array_forms_are_read() {
        let joined = QueryParams::parse("filterBy=phase%3D%3DRunning%2Cname%3D%40x");
        let repeated = QueryParams::parse("?filterBy=phase%3D%3DRunning&filterBy=name%3D%40x");
        let raw_commas = QueryParams::parse("filterBy=phase==Running,name=@x");
        for params in [joined, repeated, raw_commas] {
            assert_eq!(params.list("filterBy"), ["phase==Running", "name=@x"]);
            assert!(!params.has_empty_item("filterBy"));
        }
        assert_eq!(QueryParams::parse("search=a+b").get("search"), Some("a b"));
        assert_eq!(
            QueryParams::parse("limit=1&limit=2").get("limit"),
            Some("2")
        );
    }
}
