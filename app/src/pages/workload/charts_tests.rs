//! Panels from real-looking answers: series grouped, averages and rates derived.

use serde_json::json;

use super::*;
use crate::metric_series::gpu_count;

#[test]
fn panels_group_series_and_derive_averages_and_rates() {
    let data: MetricsResponse = serde_json::from_value(json!({
        "measurements": [
            {"type": "GPU_UTILIZATION", "labels": {"gpu": "0"}, "values": [{"value": "90", "timestamp": "2026-11-27T05:00:00Z"}, {"value": "80", "timestamp": "2026-11-27T05:01:00Z"}]},
            {"type": "GPU_UTILIZATION", "labels": {"gpu": "1"}, "values": [{"value": "70", "timestamp": "2026-11-27T05:00:00Z"}, {"value": "60", "timestamp": "2026-11-27T05:01:00Z"}]},
            {"type": "NIM_REQUEST_SUCCESS_TOTAL", "labels": null, "values": [{"value": "100", "timestamp": "2026-11-27T05:00:00Z"}, {"value": "160", "timestamp": "2026-11-27T05:01:00Z"}]},
            {"type": "NIM_GPU_CACHE_USAGE_PERC", "values": [{"value": "0.25", "timestamp": "2026-11-27T05:00:00Z"}]}
        ],
        "histogram": [{"type": "NIM_TIME_TO_FIRST_TOKEN_SECONDS_PERCENTILES", "values": [{"timestamp": "2026-11-27T05:00:00Z", "data": {"p50": "0.7", "p90": "2", "p99": "4"}}]}]
    }))
    .unwrap();
    let panels = panels(&data, GpuLines::Each);
    let titles: Vec<&str> = panels.iter().map(|p| p.title).collect();
    assert_eq!(
        titles,
        [
            "GPU utilization",
            "Request outcomes",
            "KV-cache usage",
            "Time to first token"
        ]
    );
    let utilization = &panels[0].data.series;
    assert_eq!(
        utilization
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        ["GPU 0", "GPU 1", "Mean of the GPUs"]
    );
    assert_eq!(utilization[2].points[0].1, 80.0);
    assert_eq!(
        panels[1].data.series[0].points[0].1, 1.0,
        "60 more in 60 s is 1/s"
    );
    assert_eq!(
        panels[2].data.series[0].points[0].1, 25.0,
        "a fraction shown as percent"
    );
    assert_eq!(panels[3].data.series.len(), 3);
}

#[test]
fn by_default_gpus_are_drawn_as_their_mean_with_the_highest_and_lowest() {
    let gpu = |n: u32, values: [f64; 2]| {
        json!({"type": "GPU_UTILIZATION", "labels": {"gpu": n.to_string()}, "values": [
            {"value": values[0].to_string(), "timestamp": "2026-11-27T05:00:00Z"},
            {"value": values[1].to_string(), "timestamp": "2026-11-27T05:01:00Z"}
        ]})
    };
    let eight: Vec<_> = (0..8).map(|n| gpu(n, [f64::from(n * 10), 50.0])).collect();
    let data: MetricsResponse = serde_json::from_value(json!({ "measurements": eight })).unwrap();
    assert_eq!(gpu_count(&data), 8);
    let spread = &panels(&data, GpuLines::Spread)[0].data.series;
    let names: Vec<&str> = spread.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Mean of the GPUs", "Highest GPU", "Lowest GPU"]);
    assert_eq!(
        spread[0].points,
        [(1_795_755_600_000.0, 35.0), (1_795_755_660_000.0, 50.0)]
    );
    assert_eq!(spread[1].points[0].1, 70.0);
    assert_eq!(spread[2].points[0].1, 0.0);
    assert!(!spread[0].dashed && spread[1].dashed && spread[2].dashed);
    // On demand, each of the eight, and their mean.
    assert_eq!(panels(&data, GpuLines::Each)[0].data.series.len(), 9);
    // One GPU is itself, however it is asked for.
    let one: MetricsResponse =
        serde_json::from_value(json!({ "measurements": [gpu(0, [10.0, 20.0])] })).unwrap();
    for gpus in [GpuLines::Spread, GpuLines::Each] {
        let names: Vec<String> = panels(&one, gpus)[0]
            .data
            .series
            .iter()
            .map(|s| s.name.clone())
            .collect();
        assert_eq!(names, ["GPU 0"]);
    }
}
