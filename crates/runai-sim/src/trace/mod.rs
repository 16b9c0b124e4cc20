//! The real H100 recording (`data/traces/h100/`) the simulator's metrics replay: what
//! one GPU did through idle, training, serving and idle-while-allocated phases, and the
//! inference server's samples and requests. It ships inside the binary, so a fresh
//! machine needs no data files.

mod table;

use std::sync::OnceLock;

use table::Table;
pub use table::TraceError;

const GPU_CPU: &str = include_str!("../../data/traces/h100/gpu_cpu_samples.csv");
const SERVING: &str = include_str!("../../data/traces/h100/serving_samples.csv");
const REQUESTS: &str = include_str!("../../data/traces/h100/serving_requests.csv");
/// The first line of `device.txt`: the GPU's product name.
const DEVICE: &str = "NVIDIA H100 80GB HBM3";

/// One GPU/CPU sample.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GpuSample {
    /// Seconds since the recording started.
    pub t: f64,
    /// Index into [`Trace::phases`].
    pub phase: u8,
    pub util: f64,
    pub mem_used: f64,
    pub mem_total: f64,
    pub power_w: f64,
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
    /// The GPU it was recorded on.
    pub device: &'static str,
    /// Phase names in the order they first appear (`idle`, `train`, …).
    pub phases: Vec<String>,
    pub gpu: Vec<GpuSample>,
    pub serving: Vec<ServingSample>,
    pub requests: Vec<Request>,
    pub max_cpu_cores: f64,
    pub max_cpu_rss: f64,
}

impl Trace {
    /// Reads a recording: its GPU/CPU samples, serving samples and requests.
    pub fn parse(gpu_cpu: &str, serving: &str, requests: &str) -> Result<Self, TraceError> {
        let (phases, gpu) = gpu_samples(&Table::parse(gpu_cpu)?)?;
        let serving = serving_samples(&Table::parse(serving)?)?;
        let mut requests = served_requests(&Table::parse(requests)?)?;
        requests.sort_by(|a, b| a.arrival.total_cmp(&b.arrival));
        let max_cpu_cores = gpu.iter().map(|s| s.cpu_cores).fold(0.0, f64::max);
        let max_cpu_rss = gpu.iter().map(|s| s.cpu_rss).fold(0.0, f64::max);
        Ok(Trace {
            device: DEVICE,
            phases,
            gpu,
            serving,
            requests,
            max_cpu_cores,
            max_cpu_rss,
        })
    }
}

fn gpu_samples(table: &Table) -> Result<(Vec<String>, Vec<GpuSample>), TraceError> {
    let mut phases: Vec<String> = Vec::new();
    let mut phase_of = Vec::new();
    for word in table.words("phase")? {
        let index = match phases.iter().position(|p| p == word) {
            Some(i) => i,
            None => {
                phases.push(word.to_owned());
                phases.len() - 1
            }
        };
        phase_of.push(u8::try_from(index).map_err(|_| TraceError::TooManyPhases)?);
    }
    let (t, util, mem_used, mem_total) = (
        table.numbers("t_s")?,
        table.numbers("gpu_util_pct")?,
        table.numbers("gpu_mem_used_bytes")?,
        table.numbers("gpu_mem_total_bytes")?,
    );
    let (power, tx, rx, cores, rss) = (
        table.numbers("power_w")?,
        table.numbers("pcie_tx_kbps")?,
        table.numbers("pcie_rx_kbps")?,
        table.numbers("cpu_cores")?,
        table.numbers("cpu_rss_bytes")?,
    );
    let samples = (0..t.len())
        .map(|i| GpuSample {
            t: t[i],
            phase: phase_of[i],
            util: util[i],
            mem_used: mem_used[i],
            mem_total: mem_total[i],
            power_w: power[i],
            pcie_bytes_per_s: (tx[i] + rx[i]) * 1000.0,
            cpu_cores: cores[i],
            cpu_rss: rss[i],
        })
        .collect();
    Ok((phases, samples))
}

fn serving_samples(table: &Table) -> Result<Vec<ServingSample>, TraceError> {
    let (t, running, waiting) = (
        table.numbers("t_s")?,
        table.numbers("requests_running")?,
        table.numbers("requests_waiting")?,
    );
    let (kv_cache, success, failure) = (
        table.numbers("kv_cache_usage_frac")?,
        table.numbers("success_total")?,
        table.numbers("failure_total")?,
    );
    Ok((0..t.len())
        .map(|i| ServingSample {
            t: t[i],
            running: running[i],
            waiting: waiting[i],
            kv_cache: kv_cache[i],
            success: success[i],
            failure: failure[i],
        })
        .collect())
}

fn served_requests(table: &Table) -> Result<Vec<Request>, TraceError> {
    let (arrival, ttft, e2e, ok) = (
        table.numbers("arrival_t_s")?,
        table.numbers_or_blank("ttft_s")?,
        table.numbers_or_blank("e2e_s")?,
        table.numbers("ok")?,
    );
    Ok((0..arrival.len())
        .map(|i| Request {
            arrival: arrival[i],
            ttft: ttft[i],
            e2e: e2e[i],
            ok: ok[i] > 0.5,
        })
        .collect())
}

/// The committed recording, parsed once.
pub fn trace() -> &'static Trace {
    static TRACE: OnceLock<Trace> = OnceLock::new();
    TRACE.get_or_init(|| {
        Trace::parse(GPU_CPU, SERVING, REQUESTS)
            .expect("the committed recording parses (a unit test checks it)")
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
        let trace = Trace::parse(GPU_CPU, SERVING, REQUESTS).unwrap();
        assert_eq!(trace.gpu.len(), 590);
        assert_eq!(trace.serving.len(), 300);
        assert_eq!(trace.requests.len(), 743);
        assert_eq!(trace.requests.iter().filter(|r| r.ok).count(), 646);
        assert!(trace.gpu.iter().any(|s| s.util > 90.0));
        assert_eq!(at(&trace.gpu, 0.0, |s| s.t).t, trace.gpu[0].t);
    }

    #[test]
    fn the_committed_h100_recording_has_its_four_phases() {
        let trace = trace();
        assert_eq!(trace.phases, ["idle", "train", "serve", "idle_allocated"]);
        let peak = trace.gpu.iter().map(|s| s.util).fold(0.0, f64::max);
        assert!(
            peak > 90.0,
            "training drives the GPU near 100 %, got {peak}"
        );
        assert!(trace.gpu.iter().all(|s| s.power_w > 0.0));
    }
}
