//! The one time range all charts share, as it sits in the URL: a preset relative to now
//! (`range=1h`) or absolute instants (`from=…&to=…`, which a frozen link uses).

use serde::{Deserialize, Serialize};

use crate::url_state::Problem;
use runai::{
    model::Timestamp,
    query::{QueryParams, encode_query},
};

/// The presets, as `(URL word, label, seconds)`.
pub const PRESETS: [(&str, &str, i64); 5] = [
    ("15m", "15 min", 900),
    ("1h", "1 hour", 3600),
    ("6h", "6 hours", 6 * 3600),
    ("24h", "24 hours", 24 * 3600),
    ("7d", "7 days", 7 * 24 * 3600),
];
const DEFAULT_PRESET: &str = "1h";

/// A chart window. It travels (serde) as its URL words (`range=1h`, `from=…&to=…`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimeRange {
    /// The last `seconds` before now.
    Last { word: &'static str, seconds: i64 },
    /// A fixed window.
    Between { from: Timestamp, to: Timestamp },
}

impl Default for TimeRange {
    fn default() -> Self {
        Self::preset(DEFAULT_PRESET).expect("the default preset exists")
    }
}

impl TimeRange {
    /// The preset named `word`.
    pub fn preset(word: &str) -> Option<Self> {
        PRESETS
            .iter()
            .find(|(w, _, _)| *w == word)
            .map(|&(word, _, seconds)| TimeRange::Last { word, seconds })
    }

    /// Reads the range from the URL; a bad one falls back to the default with a reason.
    pub fn from_params(params: &QueryParams) -> (Self, Option<String>) {
        match (params.get("from"), params.get("to")) {
            (Some(from), Some(to)) => match (Timestamp::parse(from), Timestamp::parse(to)) {
                (Ok(from), Ok(to)) if from < to => (TimeRange::Between { from, to }, None),
                (Ok(_), Ok(_)) => (
                    Self::default(),
                    Some("“from” must be before “to”".to_owned()),
                ),
                _ => (
                    Self::default(),
                    Some("“from” and “to” must be ISO 8601 times".to_owned()),
                ),
            },
            (Some(_), None) | (None, Some(_)) => (
                Self::default(),
                Some("give both “from” and “to”".to_owned()),
            ),
            (None, None) => match params.get("range") {
                None | Some("") => (Self::default(), None),
                Some(word) => match Self::preset(word) {
                    Some(range) => (range, None),
                    None => (
                        Self::default(),
                        Some(format!("“{word}” is not one of 15m, 1h, 6h, 24h, 7d")),
                    ),
                },
            },
        }
    }

    /// Reads the range from a page's URL, as [`Self::from_params`], adding what could not
    /// be used to `problems`, named after the parameter the person gave: an absolute
    /// window (`from`), or a preset (`range`).
    pub fn from_page_params(params: &QueryParams, problems: &mut Vec<Problem>) -> Self {
        let (range, problem) = Self::from_params(params);
        if let Some(message) = problem {
            let absolute = params.get("from").is_some() || params.get("to").is_some();
            problems.push(Problem::new(
                if absolute { "from" } else { "range" },
                message,
            ));
        }
        range
    }

    /// The window's instants, given now.
    pub fn resolve(&self, now: Timestamp) -> (Timestamp, Timestamp) {
        match self {
            TimeRange::Last { seconds, .. } => {
                let start =
                    Timestamp::from_unix_millis(now.unix_millis() - seconds * 1000).unwrap_or(now);
                (start, now)
            }
            TimeRange::Between { from, to } => (*from, *to),
        }
    }

    /// The same window as absolute instants, so a link shows exactly it later.
    pub fn frozen(&self, now: Timestamp) -> Self {
        let (from, to) = self.resolve(now);
        TimeRange::Between { from, to }
    }

    /// The URL parameters of this range (the default preset is left out).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        match self {
            TimeRange::Last { word, .. } if *word == DEFAULT_PRESET => vec![],
            TimeRange::Last { word, .. } => vec![("range", (*word).to_owned())],
            TimeRange::Between { from, to } => {
                vec![("from", from.to_string()), ("to", to.to_string())]
            }
        }
    }

    /// The detail page's URL for workload `id` in this range.
    pub fn href(&self, id: &str) -> String {
        self.href_back_to(id, &None)
    }

    /// The detail page's URL for workload `id` in this range, keeping the table's state
    /// in `back`.
    pub fn href_back_to(&self, id: &str, back: &Option<String>) -> String {
        let mut pairs = self.to_pairs();
        if let Some(back) = back {
            pairs.push(("back", back.clone()));
        }
        match encode_query(&pairs) {
            q if q.is_empty() => format!("/workloads/{id}"),
            q => format!("/workloads/{id}?{q}"),
        }
    }

    /// The preset's URL word, if this is one.
    pub fn preset_word(&self) -> Option<&'static str> {
        match self {
            TimeRange::Last { word, .. } => Some(word),
            TimeRange::Between { .. } => None,
        }
    }
}

impl Serialize for TimeRange {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&encode_query(&self.to_pairs()))
    }
}

impl<'de> Deserialize<'de> for TimeRange {
    /// A range's URL words; unlike a page's URL, which falls back to the default, a
    /// range that cannot be read is refused with the reason.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let words = String::deserialize(deserializer)?;
        match TimeRange::from_params(&QueryParams::parse(&words)) {
            (range, None) => Ok(range),
            (_, Some(problem)) => Err(serde::de::Error::custom(problem)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_absolute_windows_and_freezing_round_trip() {
        let (range, problem) = TimeRange::from_params(&QueryParams::parse("range=6h"));
        assert_eq!((range.preset_word(), problem), (Some("6h"), None));
        let now = Timestamp::parse("2026-11-27T12:00:00Z").unwrap();
        let (start, end) = range.resolve(now);
        assert_eq!(
            (start.to_string().as_str(), end),
            ("2026-11-27T06:00:00Z", now)
        );
        let frozen = range.frozen(now);
        assert_eq!(
            frozen.href("abc"),
            "/workloads/abc?from=2026-11-27T06%3A00%3A00Z&to=2026-11-27T12%3A00%3A00Z"
        );
        let (again, _) = TimeRange::from_params(&QueryParams::parse(
            "from=2026-11-27T06%3A00%3A00Z&to=2026-11-27T12%3A00%3A00Z",
        ));
        assert_eq!(again, frozen);
        assert_eq!(TimeRange::default().href("abc"), "/workloads/abc");
    }

    #[test]
    fn a_range_travels_as_its_url_words_and_bad_words_are_refused() {
        let range = TimeRange::preset("6h").unwrap();
        assert_eq!(serde_json::to_string(&range).unwrap(), r#""range=6h""#);
        let back: TimeRange = serde_json::from_str(r#""range=6h""#).unwrap();
        assert_eq!(back, range);
        let refused = serde_json::from_str::<TimeRange>(r#""range=2y""#).unwrap_err();
        assert!(refused.to_string().contains("2y"), "{refused}");
    }

    #[test]
    fn bad_ranges_fall_back_and_say_why() {
        for query in [
            "range=2y",
            "from=2026-11-27T06:00:00Z",
            "from=x&to=y",
            "from=2026-11-27T07:00:00Z&to=2026-11-27T06:00:00Z",
        ] {
            let (range, problem) = TimeRange::from_params(&QueryParams::parse(query));
            assert_eq!(range, TimeRange::default(), "{query}");
            assert!(problem.is_some(), "{query}");
        }
    }
}
