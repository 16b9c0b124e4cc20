//! The ledger page's state, which is its URL: the window (`window=7d`, `24h`, `30d`,
//! any `<n>h` or `<n>d`, or `2026-11-01..2026-11-08` in UTC days) and the grouping
//! (`group=project|department|person|nodepool`).

use serde::{Deserialize, Serialize};

use runai::query::{QueryParams, encode_query};

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;
/// The longest window: as far back as the ledger keeps hours by default.
pub const MAX_WINDOW_DAYS: i64 = 90;

/// What the ledger's rows are summed by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LedgerGroup {
    #[default]
    Project,
    Department,
    Person,
    Nodepool,
}

impl LedgerGroup {
    pub const ALL: [LedgerGroup; 4] = [
        LedgerGroup::Project,
        LedgerGroup::Department,
        LedgerGroup::Person,
        LedgerGroup::Nodepool,
    ];

    /// Its word in the URL.
    pub fn as_str(self) -> &'static str {
        match self {
            LedgerGroup::Project => "project",
            LedgerGroup::Department => "department",
            LedgerGroup::Person => "person",
            LedgerGroup::Nodepool => "nodepool",
        }
    }

    /// What a person calls it.
    pub fn label(self) -> &'static str {
        match self {
            LedgerGroup::Project => "Project",
            LedgerGroup::Department => "Department",
            LedgerGroup::Person => "Person",
            LedgerGroup::Nodepool => "Node pool",
        }
    }

    fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.as_str() == word)
    }

    /// The workloads table's filter field for one group's rows (its names, as the
    /// ledger shows them).
    pub fn table_field(self) -> &'static str {
        match self {
            LedgerGroup::Project => "projectName",
            LedgerGroup::Department => "departmentName",
            LedgerGroup::Person => "submittedBy",
            LedgerGroup::Nodepool => "nodepool",
        }
    }
}

/// The span the ledger sums.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LedgerWindow {
    /// The last `hours` whole hours up to now.
    Last { hours: i64 },
    /// Whole UTC days, `[from_ms, to_ms)`.
    Between { from_ms: i64, to_ms: i64 },
}

impl Default for LedgerWindow {
    fn default() -> Self {
        LedgerWindow::Last { hours: 7 * 24 }
    }
}

/// A `YYYY-MM-DD` as the UTC midnight it starts.
fn day(text: &str) -> Option<i64> {
    let mut parts = text.split('-');
    let (y, m, d) = (
        parts.next()?.parse::<i64>().ok()?,
        parts.next()?.parse::<i64>().ok()?,
        parts.next()?.parse::<i64>().ok()?,
    );
    if parts.next().is_some() || !(1970..=9999).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    let days_in_month = match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if !(1..=days_in_month).contains(&d) {
        return None;
    }
    // Days since the epoch (Howard Hinnant's days_from_civil).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * DAY_MS)
}

/// The `YYYY-MM-DD` of the UTC day starting at `ms`.
fn day_text(ms: i64) -> String {
    let z = ms.div_euclid(DAY_MS) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

impl LedgerWindow {
    /// Reads a window's URL word.
    pub fn parse(word: &str) -> Result<Self, String> {
        let word = word.trim();
        let too_long = || format!("“{word}” is longer than {MAX_WINDOW_DAYS} days");
        if let Some((from, to)) = word.split_once("..") {
            let (Some(from_ms), Some(to_day)) = (day(from.trim()), day(to.trim())) else {
                return Err(format!(
                    "“{word}” is not two dates like 2026-11-01..2026-11-08"
                ));
            };
            // The last day is included.
            let to_ms = to_day + DAY_MS;
            if to_ms <= from_ms {
                return Err(format!("“{word}” ends before it starts"));
            }
            if to_ms - from_ms > MAX_WINDOW_DAYS * DAY_MS {
                return Err(too_long());
            }
            return Ok(LedgerWindow::Between { from_ms, to_ms });
        }
        // Cut by suffix, never by byte index: the word may end in any character.
        let number_of = |unit: char| word.strip_suffix(unit).map(str::parse::<i64>);
        let hours = match (number_of('h'), number_of('d')) {
            (Some(Ok(n)), _) if n > 0 => n,
            (_, Some(Ok(n))) if n > 0 => n.saturating_mul(24),
            _ => {
                return Err(format!(
                    "“{word}” is not a window: 24h, 7d, 30d, a number of hours or days, or \
                     2026-11-01..2026-11-08"
                ));
            }
        };
        if hours > MAX_WINDOW_DAYS * 24 {
            return Err(too_long());
        }
        Ok(LedgerWindow::Last { hours })
    }

    /// Its URL word.
    pub fn word(&self) -> String {
        match self {
            LedgerWindow::Last { hours } if hours % 24 == 0 => format!("{}d", hours / 24),
            LedgerWindow::Last { hours } => format!("{hours}h"),
            LedgerWindow::Between { from_ms, to_ms } => {
                format!("{}..{}", day_text(*from_ms), day_text(to_ms - DAY_MS))
            }
        }
    }

    /// `[from_ms, to_ms)` at `now_ms`, in whole hours.
    pub fn span(&self, now_ms: i64) -> (i64, i64) {
        match self {
            LedgerWindow::Last { hours } => {
                let to = now_ms.div_euclid(HOUR_MS) * HOUR_MS;
                (to - hours * HOUR_MS, to)
            }
            LedgerWindow::Between { from_ms, to_ms } => (*from_ms, *to_ms),
        }
    }

    /// What a person reads for it.
    pub fn describe(&self) -> String {
        match self {
            LedgerWindow::Last { hours } if *hours == 24 => "the last 24 hours".to_owned(),
            LedgerWindow::Last { hours } if hours % 24 == 0 => {
                format!("the last {} days", hours / 24)
            }
            LedgerWindow::Last { hours } => format!("the last {hours} hours"),
            LedgerWindow::Between { from_ms, to_ms } => format!(
                "{} to {} (UTC, both days included)",
                day_text(*from_ms),
                day_text(to_ms - DAY_MS)
            ),
        }
    }
}

impl Serialize for LedgerWindow {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.word())
    }
}

impl<'de> Deserialize<'de> for LedgerWindow {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let word = String::deserialize(deserializer)?;
        LedgerWindow::parse(&word).map_err(serde::de::Error::custom)
    }
}

/// The ledger page's URL state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LedgerView {
    pub window: LedgerWindow,
    pub group: LedgerGroup,
    /// What could not be read from the URL.
    pub problems: Vec<String>,
}

impl LedgerView {
    /// Reads the view; bad parameters fall back to the defaults and are reported.
    pub fn from_params(params: &QueryParams) -> Self {
        let mut view = Self::default();
        if let Some(word) = params.get("window").filter(|w| !w.is_empty()) {
            match LedgerWindow::parse(word) {
                Ok(window) => view.window = window,
                Err(problem) => view.problems.push(format!("window: {problem}")),
            }
        }
        if let Some(word) = params.get("group").filter(|w| !w.is_empty()) {
            match LedgerGroup::parse(word) {
                Some(group) => view.group = group,
                None => view.problems.push(format!(
                    "group: “{word}” is not project, department, person or nodepool"
                )),
            }
        }
        view
    }

    /// The URL's query for this view (empty for the defaults).
    pub fn query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if self.window != LedgerWindow::default() {
            pairs.push(("window", self.window.word()));
        }
        if self.group != LedgerGroup::default() {
            pairs.push(("group", self.group.as_str().to_owned()));
        }
        encode_query(&pairs)
    }

    /// The page's URL for this view.
    pub fn href(&self) -> String {
        match self.query() {
            q if q.is_empty() => "/ledger".to_owned(),
            q => format!("/ledger?{q}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_holds_the_window_and_the_grouping() {
        let view = LedgerView::from_params(&QueryParams::parse("window=30d&group=person"));
        assert_eq!(view.window, LedgerWindow::Last { hours: 720 });
        assert_eq!(view.group, LedgerGroup::Person);
        assert_eq!(view.href(), "/ledger?window=30d&group=person");
        assert_eq!(LedgerView::default().href(), "/ledger");
        let typed = LedgerView::from_params(&QueryParams::parse("window=2026-11-01..2026-11-07"));
        assert_eq!(typed.window.word(), "2026-11-01..2026-11-07");
        let (from, to) = typed.window.span(0);
        assert_eq!((to - from) / DAY_MS, 7, "both days included");
        assert_eq!(from, 1_793_491_200_000, "2026-11-01T00:00:00Z");
        assert_eq!(LedgerWindow::parse("36h").unwrap().word(), "36h");
        assert_eq!(LedgerWindow::parse("24h").unwrap().word(), "1d");
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

    #[test]
    fn a_last_window_ends_at_the_last_whole_hour() {
        let (from, to) = LedgerWindow::Last { hours: 24 }.span(10 * HOUR_MS + 59_000);
        assert_eq!((from, to), (-14 * HOUR_MS, 10 * HOUR_MS));
    }
}
