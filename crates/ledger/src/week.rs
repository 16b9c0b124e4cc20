//! ISO weeks in UTC, Monday to Monday, as the weekly digest's URL word: `2026-W49`.

use chrono::{Datelike, NaiveDate, Weekday};

use crate::{calendar::DAY_MS, window::LedgerWindow};

/// Why a URL word is no week; its message is safe to show.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a week like 2026-W49")]
pub struct WeekError(pub String);

/// An ISO week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct IsoWeek {
    monday: NaiveDate,
}

impl IsoWeek {
    /// Reads `2026-W49` (or `2026-w49`).
    pub fn parse(word: &str) -> Result<Self, WeekError> {
        let bad = || WeekError(word.to_owned());
        let (year, week) = word
            .trim()
            .split_once(['W', 'w'])
            .and_then(|(year, week)| {
                let year = year.strip_suffix('-')?.parse::<i32>().ok()?;
                Some((year, week.parse::<u32>().ok()?))
            })
            .ok_or_else(bad)?;
        if !(1970..=9999).contains(&year) {
            return Err(bad());
        }
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)
            .map(|monday| Self { monday })
            .ok_or_else(bad)
    }

    /// The week `unix_ms` falls in.
    pub fn containing(unix_ms: i64) -> Self {
        let date = chrono::DateTime::from_timestamp_millis(unix_ms)
            .unwrap_or_default()
            .date_naive();
        let back = i64::from(date.weekday().num_days_from_monday());
        Self {
            monday: date - chrono::Duration::days(back),
        }
    }

    /// The last week that has ended by `unix_ms`.
    pub fn last_complete(unix_ms: i64) -> Self {
        Self::containing(unix_ms).previous()
    }

    /// The week before.
    pub fn previous(self) -> Self {
        Self {
            monday: self.monday - chrono::Duration::days(7),
        }
    }

    /// The week after.
    pub fn next(self) -> Self {
        Self {
            monday: self.monday + chrono::Duration::days(7),
        }
    }

    /// Its URL word: `2026-W49`.
    pub fn word(self) -> String {
        let week = self.monday.iso_week();
        format!("{}-W{:02}", week.year(), week.week())
    }

    /// `[Monday 00:00, the next Monday 00:00)` in UTC, in Unix milliseconds.
    pub fn span_ms(self) -> (i64, i64) {
        let from = self
            .monday
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists")
            .and_utc()
            .timestamp_millis();
        (from, from + 7 * DAY_MS)
    }

    /// The ledger's window of the same days.
    pub fn window(self) -> LedgerWindow {
        let (from_ms, to_ms) = self.span_ms();
        LedgerWindow::Between { from_ms, to_ms }
    }

    /// "30 Nov – 6 Dec 2026".
    pub fn describe(self) -> String {
        let sunday = self.monday + chrono::Duration::days(6);
        format!(
            "{} – {}",
            self.monday.format("%-d %b"),
            sunday.format("%-d %b %Y")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_reads_from_its_word_and_spans_monday_to_monday_in_utc() {
        let week = IsoWeek::parse("2026-W49").unwrap();
        assert_eq!(week.word(), "2026-W49");
        assert_eq!(week.describe(), "30 Nov – 6 Dec 2026");
        let (from, to) = week.span_ms();
        assert_eq!(
            chrono::DateTime::from_timestamp_millis(from)
                .unwrap()
                .to_rfc3339(),
            "2026-11-30T00:00:00+00:00"
        );
        assert_eq!(to - from, 7 * DAY_MS);
        assert_eq!(IsoWeek::containing(from), week);
        assert_eq!(IsoWeek::containing(to - 1), week);
        assert_eq!(IsoWeek::containing(to), week.next());
        assert_eq!(IsoWeek::last_complete(to + 5), week);
        assert_eq!(week.previous().word(), "2026-W48");
        // Across a year: 2026-12-31 is in 2026-W53.
        assert_eq!(
            IsoWeek::parse("2027-W01").unwrap().previous().word(),
            "2026-W53"
        );
        assert_eq!(
            week.window().word(),
            "2026-11-30..2026-12-06",
            "the ledger's window of the same days"
        );
    }

    #[test]
    fn what_is_no_week_says_so() {
        for word in [
            "2026-W54", "2026-W00", "2026W49", "W49", "", "2026-Wx", "1969-W01",
        ] {
            assert!(IsoWeek::parse(word).is_err(), "{word}");
        }
        assert!(IsoWeek::parse("2026-W49").is_ok());
    }
}
