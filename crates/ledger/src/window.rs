//! The span the ledger sums, as its URL word: `24h`, `7d`, any `<n>h` or `<n>d` up to
//! [`MAX_WINDOW_DAYS`], or whole UTC days `2026-11-01..2026-11-08` (both included).

use serde::{Deserialize, Serialize};

use crate::calendar::{DAY_MS, HOUR_MS, day_start_ms, day_text, hour_floor};

/// The longest window: as far back as the ledger keeps hours by default.
pub const MAX_WINDOW_DAYS: i64 = 90;

/// Why a URL word is no window; its message is safe to show.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WindowError {
    #[error("“{0}” is not two dates like 2026-11-01..2026-11-08")]
    NotTwoDates(String),
    #[error("“{0}” ends before it starts")]
    EndsBeforeStart(String),
    #[error("“{0}” is longer than {MAX_WINDOW_DAYS} days")]
    TooLong(String),
    #[error(
        "“{0}” is not a window: 24h, 7d, 30d, a number of hours or days, or 2026-11-01..2026-11-08"
    )]
    NotAWindow(String),
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

impl LedgerWindow {
    /// Reads a window's URL word.
    pub fn parse(word: &str) -> Result<Self, WindowError> {
        let word = word.trim();
        let too_long = || WindowError::TooLong(word.to_owned());
        if let Some((from, to)) = word.split_once("..") {
            let (Some(from_ms), Some(to_day)) =
                (day_start_ms(from.trim()), day_start_ms(to.trim()))
            else {
                return Err(WindowError::NotTwoDates(word.to_owned()));
            };
            // The last day is included.
            let to_ms = to_day + DAY_MS;
            if to_ms <= from_ms {
                return Err(WindowError::EndsBeforeStart(word.to_owned()));
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
            _ => return Err(WindowError::NotAWindow(word.to_owned())),
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
                let to = hour_floor(now_ms);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_reads_back_from_its_word() {
        assert_eq!(
            LedgerWindow::parse("30d"),
            Ok(LedgerWindow::Last { hours: 720 })
        );
        assert_eq!(LedgerWindow::parse("36h").unwrap().word(), "36h");
        assert_eq!(LedgerWindow::parse("24h").unwrap().word(), "1d");
        let typed = LedgerWindow::parse("2026-11-01..2026-11-07").unwrap();
        assert_eq!(typed.word(), "2026-11-01..2026-11-07");
        let (from, to) = typed.span(0);
        assert_eq!((to - from) / DAY_MS, 7, "both days included");
        assert_eq!(from, 1_793_491_200_000, "2026-11-01T00:00:00Z");
        assert_eq!(
            typed.describe(),
            "2026-11-01 to 2026-11-07 (UTC, both days included)"
        );
    }

    #[test]
    fn bad_words_say_why() {
        for (bad, why) in [
            ("0d", WindowError::NotAWindow("0d".into())),
            ("7w", WindowError::NotAWindow("7w".into())),
            ("1é", WindowError::NotAWindow("1é".into())),
            ("91d", WindowError::TooLong("91d".into())),
            (
                "2026-02-30..2026-03-01",
                WindowError::NotTwoDates("2026-02-30..2026-03-01".into()),
            ),
            (
                "2026-11-08..2026-11-01",
                WindowError::EndsBeforeStart("2026-11-08..2026-11-01".into()),
            ),
        ] {
            assert_eq!(LedgerWindow::parse(bad), Err(why), "{bad}");
        }
    }

    #[test]
    fn a_last_window_ends_at_the_last_whole_hour() {
        let (from, to) = LedgerWindow::Last { hours: 24 }.span(10 * HOUR_MS + 59_000);
        assert_eq!((from, to), (-14 * HOUR_MS, 10 * HOUR_MS));
    }
}
