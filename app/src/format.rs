//! Human-readable units for numbers the dashboard shows.

use serde::{Deserialize, Serialize};

/// The unit a number is measured in, deciding how it is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// 0–100.
    Percent,
    /// Bytes, printed in binary multiples (KiB, MiB, GiB…).
    Bytes,
    /// Watts.
    Watts,
    /// CPU cores.
    Cores,
    /// Seconds.
    Seconds,
    /// A plain count (pods, requests).
    Count,
    /// Events per second.
    PerSecond,
    /// Bytes per second.
    BytesPerSecond,
}

impl Unit {
    /// A short suffix for axis names, e.g. "%".
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::Bytes => "bytes",
            Unit::Watts => "W",
            Unit::Cores => "cores",
            Unit::Seconds => "s",
            Unit::Count => "",
            Unit::PerSecond => "/s",
            Unit::BytesPerSecond => "B/s",
        }
    }

    /// How to scale values whose largest magnitude is `peak` for one chart axis:
    /// the divisor and the axis' unit symbol. Only bytes change scale.
    pub fn axis_scale(self, peak: f64) -> (f64, &'static str) {
        const MULTIPLES: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        const RATES: [&str; 6] = ["B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s", "PiB/s"];
        let names = match self {
            Unit::Bytes => MULTIPLES,
            Unit::BytesPerSecond => RATES,
            _ => return (1.0, self.symbol()),
        };
        let mut divisor = 1.0;
        let mut index = 0;
        while peak / divisor >= 1024.0 && index < MULTIPLES.len() - 1 {
            divisor *= 1024.0;
            index += 1;
        }
        (divisor, names[index])
    }

    /// Formats `value` for a person.
    pub fn format(self, value: f64) -> String {
        match self {
            Unit::Percent => format!("{value:.1} %"),
            Unit::Bytes => format_bytes(value),
            Unit::Watts => format!("{value:.0} W"),
            Unit::Cores => format!("{value:.2} cores"),
            Unit::Seconds => format_seconds(value),
            Unit::Count => format_count(value),
            Unit::PerSecond => format!("{value:.2}/s"),
            Unit::BytesPerSecond => format!("{}/s", format_bytes(value)),
        }
    }
}

/// When data was fetched, as pages show it: `14:03:07 UTC`.
pub fn format_time_of_day(at: runai::model::Timestamp) -> String {
    format_time_of_day_ms(at.unix_millis())
}

/// An instant to the second: `2026-12-05 14:03:07 UTC`. Written from its fields, not
/// through a `strftime` pattern parsed on every call (a table has dozens per page).
pub fn format_instant(at: runai::model::Timestamp) -> String {
    use chrono::{Datelike, Timelike};
    let t = at.0;
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A count that may be fractional: `2`, `0.5`, `1.25` (no trailing zeros).
pub fn format_count(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 && rounded.abs() < 9.0e15 {
        // Whole and exactly an integer: written as one, which is far cheaper than
        // `{:.0}`'s exact float formatting (and never says `-0`).
        (rounded as i64).to_string()
    } else if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        rounded.to_string()
    }
}

/// A number of things, the noun agreeing with it: `1 workload`, `0 workloads`,
/// `12 workloads`.
pub fn format_number_of(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// How long before `now` an instant was, in words: `just now`, `5 min ago`, `3 h ago`,
/// `2 d ago`; future instants read `in 5 min`.
pub fn format_ago(then_ms: i64, now_ms: i64) -> String {
    let seconds = (now_ms - then_ms) / 1000;
    let (amount, future) = (seconds.abs(), seconds < 0);
    let text = match amount {
        0..=44 => return "just now".to_owned(),
        45..=3599 => format!("{} min", (amount + 30) / 60),
        3600..=86_399 => format!("{} h", (amount + 1800) / 3600),
        _ => format!("{} d", (amount + 43_200) / 86_400),
    };
    if future {
        format!("in {text}")
    } else {
        format!("{text} ago")
    }
}

/// Bytes in binary multiples with three significant digits: `1.50 GiB`, `512 B`.
pub fn format_bytes(bytes: f64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    if !bytes.is_finite() {
        return "—".to_owned();
    }
    let mut value = bytes.abs();
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    let sign = if bytes < 0.0 { "-" } else { "" };
    if unit == 0 {
        format!("{sign}{value:.0} B")
    } else if value >= 100.0 {
        format!("{sign}{value:.0} {}", UNITS[unit])
    } else if value >= 10.0 {
        format!("{sign}{value:.1} {}", UNITS[unit])
    } else {
        format!("{sign}{value:.2} {}", UNITS[unit])
    }
}

/// Seconds as `850 ms`, `12.5 s`, `3 min 20 s` or `2 h 05 min`.
pub fn format_seconds(seconds: f64) -> String {
    if !seconds.is_finite() {
        return "—".to_owned();
    }
    format_millis((seconds * 1000.0).round().max(0.0) as u64)
}

/// A duration of `ms` milliseconds as [`format_seconds`] writes it, in integers only:
/// the clock texts the browser brings forward use it, so no float formatting reaches
/// the browser's main module.
pub fn format_millis(ms: u64) -> String {
    if ms < 1000 {
        return format!("{ms} ms");
    }
    if ms < 59_950 {
        let tenths = (ms + 50) / 100;
        return format!("{}.{} s", tenths / 10, tenths % 10);
    }
    let whole = (ms + 500) / 1000;
    if whole < 3600 {
        format!("{} min {:02} s", whole / 60, whole % 60)
    } else {
        format!("{} h {:02} min", whole / 3600, (whole % 3600) / 60)
    }
}

/// The time of day of `unix_ms` in UTC, as [`format_time_of_day`] writes it, in
/// integers only (no date code in the browser's main module).
pub fn format_time_of_day_ms(unix_ms: i64) -> String {
    let second = unix_ms.div_euclid(1000).rem_euclid(86_400);
    format!(
        "{:02}:{:02}:{:02} UTC",
        second / 3600,
        second % 3600 / 60,
        second % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_and_its_noun_agree() {
        assert_eq!(format_number_of(1, "workload", "workloads"), "1 workload");
        assert_eq!(format_number_of(0, "workload", "workloads"), "0 workloads");
        assert_eq!(format_number_of(12, "GPU", "GPUs"), "12 GPUs");
    }

    #[test]
    fn instants_are_written_to_the_second_in_utc() {
        let at: runai::model::Timestamp = "2026-03-04T05:06:07.891Z".parse().unwrap();
        assert_eq!(format_instant(at), "2026-03-04 05:06:07 UTC");
        assert_eq!(format_time_of_day(at), "05:06:07 UTC");
        assert_eq!(format_time_of_day_ms(at.unix_millis()), "05:06:07 UTC");
        assert_eq!(
            format_time_of_day_ms(-1),
            "23:59:59 UTC",
            "before the epoch"
        );
    }

    #[test]
    fn bytes_use_binary_multiples_and_three_digits() {
        assert_eq!(format_bytes(512.0), "512 B");
        assert_eq!(format_bytes(1536.0), "1.50 KiB");
        assert_eq!(format_bytes(85_520_809_984.0), "79.6 GiB");
        assert_eq!(format_bytes(503_316_480.0), "480 MiB");
        assert_eq!(format_bytes(-2048.0), "-2.00 KiB");
        assert_eq!(format_bytes(f64::NAN), "—");
    }

    #[test]
    fn seconds_pick_a_readable_scale() {
        assert_eq!(format_seconds(0.25), "250 ms");
        assert_eq!(format_seconds(12.46), "12.5 s");
        assert_eq!(format_seconds(200.0), "3 min 20 s");
        assert_eq!(format_seconds(7500.0), "2 h 05 min");
        assert_eq!(format_seconds(59.96), "1 min 00 s", "never “60.0 s”");
        assert_eq!(format_seconds(-3.0), "0 ms", "a negative duration is none");
        assert_eq!(format_seconds(f64::NAN), "—");
        assert_eq!(format_millis(999), "999 ms");
        assert_eq!(format_millis(1_000), "1.0 s");
        assert_eq!(format_millis(12_460), "12.5 s");
    }

    #[test]
    fn counts_and_ages_read_naturally() {
        assert_eq!(format_count(2.0), "2");
        assert_eq!(format_count(-0.001), "0");
        assert_eq!(format_count(1e17), "100000000000000000");
        assert_eq!(format_count(0.5), "0.5");
        assert_eq!(format_count(1.256), "1.26");
        assert_eq!(format_ago(0, 10_000), "just now");
        assert_eq!(format_ago(0, 300_000), "5 min ago");
        assert_eq!(format_ago(0, 3 * 3_600_000 + 60_000), "3 h ago");
        assert_eq!(format_ago(0, 2 * 86_400_000), "2 d ago");
        assert_eq!(format_ago(300_000, 0), "in 5 min");
    }

    #[test]
    fn units_format_their_values() {
        assert_eq!(Unit::Percent.format(99.04), "99.0 %");
        assert_eq!(Unit::Watts.format(699.6), "700 W");
        assert_eq!(Unit::Cores.format(1.5), "1.50 cores");
    }
}
