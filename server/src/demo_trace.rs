//! The simulator's recorded H100 trace as the demo page's series: in demo mode the
//! dashboard shows what the simulated GPUs replay.

use app::pages::trace::{RecordedTrace, TraceMetric, TracePoint, TraceSeries};
use runai_sim::trace::{GpuSample, Trace};

/// Every metric of `trace` as a series.
pub fn recorded(trace: &Trace) -> RecordedTrace {
    RecordedTrace {
        series: TraceMetric::ALL
            .into_iter()
            .map(|metric| series(trace, metric))
            .collect(),
    }
}

fn series(trace: &Trace, metric: TraceMetric) -> TraceSeries {
    let value = |s: &GpuSample| match metric {
        TraceMetric::GpuUtilization => s.util,
        TraceMetric::GpuMemory => s.mem_used,
        TraceMetric::Power => s.power_w,
        TraceMetric::CpuCores => s.cpu_cores,
    };
    TraceSeries {
        metric,
        device: trace.device.to_owned(),
        phases: trace.phases.clone(),
        points: trace
            .gpu
            .iter()
            .map(|s| TracePoint {
                t_s: s.t,
                phase: s.phase,
                value: value(s),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "t_s,phase,gpu_util_pct,gpu_mem_used_bytes,gpu_mem_total_bytes,power_w,pcie_tx_kbps,pcie_rx_kbps,cpu_cores,cpu_rss_bytes";

    #[test]
    fn each_series_picks_its_metric_column() {
        let csv = format!(
            "{HEADER}\n0.5,idle,3,1024,4096,70.5,1,1,0.25,9\n1,train,99,2048,4096,650,1,1,1.5,9\n"
        );
        let trace = Trace::parse(
            &csv,
            "t_s,requests_running,requests_waiting,kv_cache_usage_frac,success_total,failure_total\n",
            "arrival_t_s,ttft_s,e2e_s,ok\n",
        )
        .unwrap();
        let recorded = recorded(&trace);
        let power = recorded
            .series
            .iter()
            .find(|s| s.metric == TraceMetric::Power)
            .unwrap();
        assert_eq!(
            power.points[1],
            TracePoint {
                t_s: 1.0,
                phase: 1,
                value: 650.0
            }
        );
        assert_eq!(power.phases, ["idle", "train"]);
        let mem = recorded
            .series
            .iter()
            .find(|s| s.metric == TraceMetric::GpuMemory)
            .unwrap();
        assert_eq!(mem.points[0].value, 1024.0);
        assert_eq!(recorded.series.len(), TraceMetric::ALL.len());
    }
}
