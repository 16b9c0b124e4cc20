//! The ledger page's numbers and instants in words: GPU-hours, shares, money, UTC days
//! and instants, shared by the ranking, the budgets and the page.

use runai::model::Timestamp;

/// GPU-hours with one decimal.
pub(super) fn gpu_hours(hours: f64) -> String {
    format!("{hours:.1}")
}

/// An amount of money, whole units with thousands apart: `12,345 USD`.
pub(super) fn money(amount: f64, currency: &str) -> String {
    let whole = format!("{:.0}", amount.max(0.0));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{grouped} {currency}")
}

pub(super) fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

/// `2026-11-30 14:00 UTC`.
pub(super) fn instant(ms: i64) -> String {
    format!("{} {} UTC", day(ms), time_of_day(ms))
}

/// `2026-11-30`.
pub(super) fn day(ms: i64) -> String {
    Timestamp::from_unix_millis(ms)
        .and_then(|t| t.to_string().get(..10).map(str::to_owned))
        .unwrap_or_default()
}

/// `14:00`.
fn time_of_day(ms: i64) -> String {
    Timestamp::from_unix_millis(ms)
        .and_then(|t| t.to_string().get(11..16).map(str::to_owned))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_whole_units_with_thousands_apart() {
        assert_eq!(money(1_234_567.4, "USD"), "1,234,567 USD");
        assert_eq!(money(999.5, "EUR"), "1,000 EUR");
        assert_eq!(money(12.0, "USD"), "12 USD");
        assert_eq!(money(-3.0, "USD"), "0 USD");
    }
}
