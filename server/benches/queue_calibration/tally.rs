//! How one way of estimating did: the share given a range, the share of starts inside
//! it, before or after it, and its interval score.

use super::Range;

/// The interval score's α: p10–p90 is the central 80 % interval.
const ALPHA: f64 = 0.2;

/// How one way of estimating did on a set of estimates.
#[derive(Default)]
pub struct Tally {
    pub estimates: usize,
    pub timed: usize,
    compared: usize,
    inside: usize,
    /// Started before p10.
    early: usize,
    interval_scores: Vec<f64>,
}

impl Tally {
    /// Adds one estimate; `actual`: the seconds until it started, if it did.
    pub fn add(&mut self, range: Option<Range>, actual: Option<f64>) {
        self.estimates += 1;
        let Some((p10, _, p90, reaches)) = range else {
            return;
        };
        self.timed += 1;
        let Some(y) = actual else {
            return;
        };
        self.compared += 1;
        // An open-ended range holds when it started after p10; it is scored as ending
        // where its history does.
        let upper = p90.unwrap_or(reaches).max(p10);
        self.inside += usize::from(y >= p10 && p90.is_none_or(|p90| y <= p90));
        self.early += usize::from(y < p10);
        let below = if y < p10 {
            2.0 / ALPHA * (p10 - y)
        } else {
            0.0
        };
        let above = if y > upper {
            2.0 / ALPHA * (y - upper)
        } else {
            0.0
        };
        self.interval_scores.push(upper - p10 + below + above);
    }

    pub fn row(&self) -> [String; 4] {
        let share = |n: usize, of: usize| {
            if of == 0 {
                "—".to_owned()
            } else {
                format!("{:.0} %", 100.0 * n as f64 / of as f64)
            }
        };
        let score = if self.interval_scores.is_empty() {
            "—".to_owned()
        } else {
            let mean = self.interval_scores.iter().sum::<f64>() / self.interval_scores.len() as f64;
            format!("{:.1} h", mean / 3_600.0)
        };
        [
            share(self.timed, self.estimates),
            share(self.inside, self.compared),
            format!(
                "{} / {}",
                share(self.early, self.compared),
                share(self.compared - self.inside - self.early, self.compared)
            ),
            score,
        ]
    }
}
