//! The naive baseline: the workload's position divided by its pools' start rate, with
//! starts as a Poisson process, so the wait for the n-th start is Erlang-distributed.

use super::Range;

/// The chance that a Poisson process of `rate` (per second) has had `n` events by `t`.
fn erlang_cdf(n: usize, rate: f64, t: f64) -> f64 {
    let x = rate * t;
    if x <= 0.0 {
        return 0.0;
    }
    // 1 − Σ_{k<n} e^{−x} x^k / k!, each term from its logarithm (e^{−x} alone
    // underflows for the x of a long queue).
    let mut log_term = -x;
    let mut sum = log_term.exp();
    for k in 1..n {
        log_term += x.ln() - (k as f64).ln();
        sum += log_term.exp();
    }
    (1.0 - sum).clamp(0.0, 1.0)
}

/// The baseline's range: the n-th start of the pool at its recent rate.
pub fn baseline(position: usize, starts_per_s: f64) -> Option<Range> {
    if starts_per_s <= 0.0 {
        return None;
    }
    let quantile = |q: f64| {
        let (mut lo, mut hi) = (0.0, 1.0);
        while erlang_cdf(position, starts_per_s, hi) < q {
            hi *= 2.0;
        }
        for _ in 0..60 {
            let mid = (lo + hi) / 2.0;
            if erlang_cdf(position, starts_per_s, mid) < q {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        hi
    };
    let p90 = quantile(0.9);
    Some((quantile(0.1), Some(quantile(0.5)), Some(p90), p90))
}
