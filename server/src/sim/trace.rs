//! The real H100 recording (`data/traces/h100/`) the simulator's metrics replay.

use std::sync::OnceLock;

const GPU_CPU: &str = include_str!("../../../data/traces/h100/gpu_cpu_samples.csv");
const SERVING: &str = include_str!("../../../data/traces/h100/serving_samples.csv");
const REQUESTS: &str = include_str!("../../../data/traces/h100/serving_requests.csv");

/// One GPU/CPU sample.
#[derive(Clone, Copy, Debug)]
pub struct GpuSample {
    pub t: f64,
    pub util: f64,
    pub mem_used: f64,
    pub mem_total: f64,
    pub pcie_bytes_per_s: f64,
    pub cpu_cores: f64,
    pub cpu_rss: f64,
}

/// One sample of the inference server.
#[derive(Clone, Copy, Debug)]
pub struct ServingSample {
    pub t: f64,
    pub running: f64,
    pub waiting: f64,
    pub kv_cache: f64,
    pub success: f64,
    pub failure: f64,
}

/// One served (or failed) request.
#[derive(Clone, Copy, Debug)]
pub struct Request {
    pub arrival: f64,
    pub ttft: f64,
    pub e2e: f64,
    pub ok: bool,
}

/// The whole recording.
pub struct Trace {
    pub gpu: Vec<GpuSample>,
    pub serving: Vec<ServingSample>,
    pub requests: Vec<Request>,
    pub max_cpu_cores: f64,
    pub max_cpu_rss: f64,
}

/// The columns of a CSV, by name, as numbers (non-numeric cells read as 0).
fn columns(csv: &str, names: &[&str]) -> Vec<Vec<f64>> {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let at: Vec<usize> = names
        .iter()
        .map(|name| {
            header
                .iter()
                .position(|h| h == name)
                .unwrap_or_else(|| panic!("trace column {name} missing"))
        })
        .collect();
    lines
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            at.iter()
                .map(|&i| {
                    cells
                        .get(i)
                        .and_then(|c| c.trim().parse().ok())
                        .unwrap_or(0.0)
                })
                .collect()
        })
        .collect()
}

/// The recording, parsed once.
pub fn trace() -> &'static Trace {
    static TRACE: OnceLock<Trace> = OnceLock::new();
    TRACE.get_or_init(|| {
        let gpu: Vec<GpuSample> = columns(
            GPU_CPU,
            &[
                "t_s",
                "gpu_util_pct",
                "gpu_mem_used_bytes",
                "gpu_mem_total_bytes",
                "pcie_tx_kbps",
                "pcie_rx_kbps",
                "cpu_cores",
                "cpu_rss_bytes",
            ],
        )
        .into_iter()
        .map(|c| GpuSample {
            t: c[0],
            util: c[1],
            mem_used: c[2],
            mem_total: c[3],
            pcie_bytes_per_s: (c[4] + c[5]) * 1000.0,
            cpu_cores: c[6],
            cpu_rss: c[7],
        })
        .collect();
        let serving = columns(
            SERVING,
            &[
                "t_s",
                "requests_running",
                "requests_waiting",
                "kv_cache_usage_frac",
                "success_total",
                "failure_total",
            ],
        )
        .into_iter()
        .map(|c| ServingSample {
            t: c[0],
            running: c[1],
            waiting: c[2],
            kv_cache: c[3],
            success: c[4],
            failure: c[5],
        })
        .collect();
        let mut requests: Vec<Request> =
            columns(REQUESTS, &["arrival_t_s", "ttft_s", "e2e_s", "ok"])
                .into_iter()
                .map(|c| Request {
                    arrival: c[0],
                    ttft: c[1],
                    e2e: c[2],
                    ok: c[3] > 0.5,
                })
                .collect();
        requests.sort_by(|a, b| a.arrival.total_cmp(&b.arrival));
        let max_cpu_cores = gpu.iter().map(|s| s.cpu_cores).fold(0.0, f64::max);
        let max_cpu_rss = gpu.iter().map(|s| s.cpu_rss).fold(0.0, f64::max);
        Trace {
            gpu,
            serving,
            requests,
            max_cpu_cores,
            max_cpu_rss,
        }
    })
}

/// The last sample at or before `t` (samples are in time order).
pub fn at<T: Copy>(samples: &[T], t: f64, time: impl Fn(&T) -> f64) -> T {
    let i = samples.partition_point(|s| time(s) <= t);
    samples[i.saturating_sub(1)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recording_is_complete() {
        let trace = trace();
        assert_eq!(trace.gpu.len(), 590);
        assert_eq!(trace.serving.len(), 300);
        assert_eq!(trace.requests.len(), 743);
        assert_eq!(trace.requests.iter().filter(|r| r.ok).count(), 646);
        assert!(trace.gpu.iter().any(|s| s.util > 90.0));
        assert_eq!(at(&trace.gpu, 0.0, |s| s.t).t, trace.gpu[0].t);
    }
}
