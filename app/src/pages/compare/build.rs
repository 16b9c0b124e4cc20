//! The comparison put together from what was read (server only): the members in the
//! URL's order (shown, or why not), the charts drawn (times in the viewer's zone on the
//! clock, hours since each start otherwise), the numbers and the facts.

use runai::model::Timestamp;

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
    let panels = aligned_panels(readings, gpus)
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
    let mut found = Vec::new();
    let (mut inference, mut several_gpus) = (false, false);
    let members = readings
        .iter()
        .map(|reading| {
            let seen = match &reading.looked_up {
                LookedUp::Forbidden => Seen::Forbidden,
                LookedUp::NotFound => Seen::NotFound,
                LookedUp::Unreadable(why) => Seen::Unreadable(why.clone()),
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
                    summaries.push(summary(&workload.name, colour, data));
                    found.push(workload.as_ref());
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
        facts: fact_rows(&found),
        window,
        inference,
        several_gpus,
        fetched_at: Timestamp::now(),
    }
}
