use serde::{Deserialize, Serialize};

use super::series::TraceSeries;

/// What one phase of the trace looked like for one metric.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PhaseSummary {
    /// The phase name, e.g. `train`.
    pub phase: String,
    /// Seconds from the phase's first to its last sample.
    pub duration_s: f64,
    /// How many samples fell in the phase.
    pub samples: usize,
    /// Mean value over the phase.
    pub mean: f64,
    /// Highest value in the phase.
    pub peak: f64,
}

/// Summarizes a series phase by phase, in the order the phases appear.
pub fn summarize(series: &TraceSeries) -> Vec<PhaseSummary> {
    series
        .phases
        .iter()
        .enumerate()
        .filter_map(|(index, name)| {
            let points: Vec<_> = series
                .points
                .iter()
                .filter(|p| usize::from(p.phase) == index)
                .collect();
            let first = points.first()?;
            let last = points.last()?;
            let sum: f64 = points.iter().map(|p| p.value).sum();
            let peak = points.iter().map(|p| p.value).fold(f64::MIN, f64::max);
            Some(PhaseSummary {
                phase: name.clone(),
                duration_s: last.t_s - first.t_s,
                samples: points.len(),
                mean: sum / points.len() as f64,
                peak,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::trace::{TraceMetric, TracePoint};

    fn point(t_s: f64, phase: u8, value: f64) -> TracePoint {
        TracePoint { t_s, phase, value }
    }

    #[test]
    fn summarizes_each_phase_in_order() {
        let series = TraceSeries {
            metric: TraceMetric::Power,
            device: "test".into(),
            phases: vec!["idle".into(), "train".into(), "never".into()],
            points: vec![
                point(0.0, 0, 70.0),
                point(1.0, 0, 72.0),
                point(2.0, 1, 600.0),
                point(4.5, 1, 700.0),
                point(5.0, 1, 650.0),
            ],
        };
        let summary = summarize(&series);
        assert_eq!(summary.len(), 2, "a phase without samples is left out");
        assert_eq!(summary[0].phase, "idle");
        assert_eq!(summary[0].samples, 2);
        assert_eq!(summary[0].mean, 71.0);
        assert_eq!(summary[1].phase, "train");
        assert_eq!(summary[1].duration_s, 3.0);
        assert_eq!(summary[1].peak, 700.0);
        assert_eq!(summary[1].mean, 650.0);
    }
}
