//! Time as the ledger counts it: whole hours and whole UTC days, in Unix milliseconds,
//! and a day's `YYYY-MM-DD` (chrono's calendar, not arithmetic of our own).

use chrono::{DateTime, NaiveDate};

/// One hour.
pub const HOUR_MS: i64 = 3_600_000;
/// One day.
pub const DAY_MS: i64 = 24 * HOUR_MS;

/// The UTC midnight that starts the day `YYYY-MM-DD` (years 1970–9999); `None` for
/// anything else (`2026-02-30`, `26-1-1`, trailing text).
pub fn day_start_ms(text: &str) -> Option<i64> {
    // chrono also reads `2026-1-5`; the URL's form is the padded one.
    if text.len() != 10 {
        return None;
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    if !(1970..=9999).contains(&chrono::Datelike::year(&date)) {
        return None;
    }
    Some(date.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis())
}

/// The `YYYY-MM-DD` of the UTC day `ms` falls in.
pub fn day_text(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map_or_else(String::new, |t| t.format("%Y-%m-%d").to_string())
}

/// The start of the hour `ms` falls in.
pub fn hour_floor(ms: i64) -> i64 {
    ms.div_euclid(HOUR_MS) * HOUR_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_and_print_as_utc_calendar_days() {
        assert_eq!(day_start_ms("1970-01-01"), Some(0));
        assert_eq!(day_start_ms("2026-11-01"), Some(1_793_491_200_000));
        assert_eq!(day_text(1_793_491_200_000 + DAY_MS - 1), "2026-11-01");
        assert_eq!(
            day_start_ms("2024-02-29").map(day_text).unwrap(),
            "2024-02-29"
        );
        for bad in [
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "2026-1-5",
            "1969-12-31",
            "2026-11-01x",
            "",
            "2026-11-0é",
        ] {
            assert_eq!(day_start_ms(bad), None, "{bad}");
        }
        assert_eq!(hour_floor(-1), -HOUR_MS);
        assert_eq!(hour_floor(HOUR_MS + 59_000), HOUR_MS);
    }
}
