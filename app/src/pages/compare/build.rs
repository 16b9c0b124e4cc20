//! The comparison put together from what was read (server only): the members in the
//! URL's order (shown, or why not), the charts drawn (times in the viewer's zone on the
//! clock, hours since each start otherwise), the numbers and the facts.

use runai::model::{Timestamp, Workload};

use super::{
    answer::{Comparison, Member, Seen, Shown, WindowShown},
    facts::fact_rows,
    read::{LookedUp, Metrics, Reading},
    series::{aligned_panels, summary},
};
use crate::{
    components::{EchartsOption, LineChartData, line_chart_option},
    metric_series::{ChartPanel, GpuLines, gpu_count, metric_name, serves_inference},
    time_zone::Zone,
};

/// The comparison of `readings` over `window`, drawn in `zone`.
pub fn comparison(
    readings: &[Reading],
    window: WindowShown,
    gpus: GpuLines,
    zone: &Zone,
) -> Comparison {
    let clock = matches!(window, WindowShown::Clock { .. });
    let shown: Vec<&Workload> = readings
        .iter()
        .filter_map(|reading| match &reading.looked_up {
            LookedUp::Found { workload, .. } => Some(workload.as_ref()),
            _ => None,
        })
        .collect();
    let labels = labels(&shown);
    let panels = aligned_panels(readings, &labels, gpus)
        .into_iter()
        .map(|panel| {
            let data = LineChartData {
                x_name: match clock {
                    true => String::new(),
                    false => "hours since each started".to_owned(),
                },
                x_time: clock,
                x_max: None,
                y_unit: panel.unit,
                series: panel.series,
            };
            let option = EchartsOption::from_chart(&line_chart_option(&data));
            let (option, x_shift_ms) = match clock {
                true => option.in_zone(zone),
                false => (option, 0),
            };
            ChartPanel {
                title: panel.title.to_owned(),
                option,
                x_shift_ms,
            }
        })
        .collect();
    let mut colour = 0;
    let mut summaries = Vec::new();
    let (mut inference, mut several_gpus) = (false, false);
    let members = readings
        .iter()
        .map(|reading| {
            let seen = match &reading.looked_up {
                LookedUp::Forbidden => Seen::Forbidden,
                LookedUp::NotFound => Seen::NotFound,
                LookedUp::Found {
                    workload,
                    started_ms,
                    metrics,
                } => {
                    let (data, missing, no_metrics) = match metrics {
                        Metrics::Read { result, .. } => (
                            Some(&result.data),
                            result.missing.iter().map(metric_name).collect(),
                            None,
                        ),
                        Metrics::Absent(why) => (None, Vec::new(), Some(why.clone())),
                    };
                    inference |= serves_inference(workload);
                    several_gpus |= data.is_some_and(|data| gpu_count(data) > 1);
                    summaries.push(summary(&labels[colour], colour, data));
                    colour += 1;
                    Seen::Shown(Shown {
                        name: workload.name.clone(),
                        project: workload.project_name.clone(),
                        phase: workload.phase.to_string(),
                        colour: colour - 1,
                        started: started_ms.and_then(Timestamp::from_unix_millis),
                        missing,
                        no_metrics,
                    })
                }
            };
            Member {
                id: reading.id.to_string(),
                seen,
            }
        })
        .collect();
    Comparison {
        members,
        panels,
        summaries,
        facts: fact_rows(&shown),
        window,
        inference,
        several_gpus,
        fetched_at: Timestamp::now(),
    }
}

/// Each shown workload's name on the charts and tables: its own, or where two share it,
/// with its project (and, within one project, the end of its id), so no two workloads
/// are told apart by colour alone.
fn labels(shown: &[&Workload]) -> Vec<String> {
    let count = |label: &dyn Fn(&Workload) -> String, of: &Workload| {
        shown.iter().filter(|w| label(w) == label(of)).count()
    };
    let plain = |w: &Workload| w.name.clone();
    let with_project = |w: &Workload| format!("{} ({})", w.name, w.project_name);
    shown
        .iter()
        .map(|w| match (count(&plain, w), count(&with_project, w)) {
            (1, _) => plain(w),
            (_, 1) => with_project(w),
            _ => {
                let id = w.id.simple().to_string();
                let tail: String = id.chars().skip(24).collect();
                format!("{} ({}, …{tail})", w.name, w.project_name)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::compare::sample::workload;

    #[test]
    fn workloads_of_one_name_are_told_apart_in_words() {
        let a = workload("train", "vision");
        let b = workload("train", "speech");
        let c = workload("eval", "vision");
        assert_eq!(
            labels(&[&a, &b, &c]),
            ["train (vision)", "train (speech)", "eval"]
        );
        let twin = workload("train", "vision");
        let named = labels(&[&a, &twin]);
        assert!(
            named[0].starts_with("train (vision, ") && named[0] != named[1],
            "{named:?}"
        );
    }
}
