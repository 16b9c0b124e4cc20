//! Parses the recorded trace (server only). The CSV ships inside the binary so that a
//! fresh machine needs no data files.

use super::{TraceMetric, TracePoint, TraceSeries};

/// The H100 recording's GPU/CPU samples, as committed in `data/traces/h100/`.
const H100_SAMPLES_CSV: &str = include_str!("../../../data/traces/h100/gpu_cpu_samples.csv");
/// The first line of `device.txt`: the GPU's product name.
const H100_DEVICE: &str = "NVIDIA H100 80GB HBM3";

/// Why a trace could not be read.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TraceError {
    /// The header lacks a column the dashboard reads.
    #[error("trace header has no column `{0}`")]
    MissingColumn(&'static str),
    /// A row's cell is not a number (1-based line numbers, as an editor shows them).
    #[error("trace line {line}: column `{column}` is not a number: {value:?}")]
    NotANumber {
        line: usize,
        column: &'static str,
        value: String,
    },
    /// A row has fewer cells than the header.
    #[error("trace line {line}: expected {expected} cells, found {found}")]
    ShortRow {
        line: usize,
        expected: usize,
        found: usize,
    },
    /// More phases than a sample's `u8` phase index can name.
    #[error("trace has more than 256 phases")]
    TooManyPhases,
}

/// One row of the recording, reduced to the columns the dashboard charts.
#[derive(Clone, Debug, PartialEq)]
struct Sample {
    t_s: f64,
    phase: u8,
    gpu_util_pct: f64,
    gpu_mem_used_bytes: f64,
    power_w: f64,
    cpu_cores: f64,
}

/// A whole recording, parsed once at start-up and shared by every request.
#[derive(Clone, Debug, PartialEq)]
pub struct GpuTrace {
    device: String,
    phases: Vec<String>,
    samples: Vec<Sample>,
}

impl GpuTrace {
    /// The H100 recording committed with the project.
    pub fn h100() -> Result<Self, TraceError> {
        Self::parse(H100_DEVICE, H100_SAMPLES_CSV)
    }

    /// Parses a `gpu_cpu_samples.csv` recording (a header line, then one sample a line).
    pub fn parse(device: &str, csv: &str) -> Result<Self, TraceError> {
        let mut lines = csv.lines().enumerate();
        let header: Vec<&str> = lines
            .next()
            .map(|(_, h)| h.split(',').map(str::trim).collect())
            .unwrap_or_default();
        let column = |name: &'static str| {
            header
                .iter()
                .position(|h| *h == name)
                .ok_or(TraceError::MissingColumn(name))
        };
        let (t, phase, util, mem, power, cpu) = (
            column("t_s")?,
            column("phase")?,
            column("gpu_util_pct")?,
            column("gpu_mem_used_bytes")?,
            column("power_w")?,
            column("cpu_cores")?,
        );

        let mut phases: Vec<String> = Vec::new();
        let mut samples = Vec::new();
        for (index, line) in lines.filter(|(_, l)| !l.trim().is_empty()) {
            let line_no = index + 1;
            let cells: Vec<&str> = line.split(',').map(str::trim).collect();
            if cells.len() < header.len() {
                return Err(TraceError::ShortRow {
                    line: line_no,
                    expected: header.len(),
                    found: cells.len(),
                });
            }
            let number = |at: usize, name: &'static str| {
                cells[at]
                    .parse::<f64>()
                    .map_err(|_| TraceError::NotANumber {
                        line: line_no,
                        column: name,
                        value: cells[at].to_owned(),
                    })
            };
            let phase_index = match phases.iter().position(|p| p == cells[phase]) {
                Some(i) => i,
                None => {
                    phases.push(cells[phase].to_owned());
                    phases.len() - 1
                }
            };
            samples.push(Sample {
                t_s: number(t, "t_s")?,
                phase: u8::try_from(phase_index).map_err(|_| TraceError::TooManyPhases)?,
                gpu_util_pct: number(util, "gpu_util_pct")?,
                gpu_mem_used_bytes: number(mem, "gpu_mem_used_bytes")?,
                power_w: number(power, "power_w")?,
                cpu_cores: number(cpu, "cpu_cores")?,
            });
        }
        Ok(Self {
            device: device.to_owned(),
            phases,
            samples,
        })
    }

    /// Every sample of one metric.
    pub fn series(&self, metric: TraceMetric) -> TraceSeries {
        let value = |s: &Sample| match metric {
            TraceMetric::GpuUtilization => s.gpu_util_pct,
            TraceMetric::GpuMemory => s.gpu_mem_used_bytes,
            TraceMetric::Power => s.power_w,
            TraceMetric::CpuCores => s.cpu_cores,
        };
        TraceSeries {
            metric,
            device: self.device.clone(),
            phases: self.phases.clone(),
            points: self
                .samples
                .iter()
                .map(|s| TracePoint {
                    t_s: s.t_s,
                    phase: s.phase,
                    value: value(s),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "t_s,phase,gpu_util_pct,gpu_mem_used_bytes,power_w,cpu_cores";

    #[test]
    fn the_committed_h100_recording_parses_with_its_four_phases() {
        let trace = GpuTrace::h100().unwrap();
        assert_eq!(trace.phases, ["idle", "train", "serve", "idle_allocated"]);
        assert_eq!(trace.samples.len(), 590);
        let util = trace.series(TraceMetric::GpuUtilization);
        let peak = util.points.iter().map(|p| p.value).fold(0.0, f64::max);
        assert!(
            peak > 90.0,
            "training drives the GPU near 100 %, got {peak}"
        );
    }

    #[test]
    fn series_picks_the_metric_column() {
        let csv = format!("{HEADER}\n0.5,idle,3,1024,70.5,0.25\n1,train,99,2048,650,1.5\n");
        let trace = GpuTrace::parse("gpu", &csv).unwrap();
        let power = trace.series(TraceMetric::Power);
        assert_eq!(
            power.points[1],
            TracePoint {
                t_s: 1.0,
                phase: 1,
                value: 650.0
            }
        );
        let mem = trace.series(TraceMetric::GpuMemory);
        assert_eq!(mem.points[0].value, 1024.0);
    }

    #[test]
    fn bad_recordings_say_where_and_why() {
        assert_eq!(
            GpuTrace::parse("gpu", "t_s,phase\n"),
            Err(TraceError::MissingColumn("gpu_util_pct"))
        );
        let csv = format!("{HEADER}\n0,idle,x,1,1,1\n");
        assert_eq!(
            GpuTrace::parse("gpu", &csv),
            Err(TraceError::NotANumber {
                line: 2,
                column: "gpu_util_pct",
                value: "x".into()
            })
        );
        let csv = format!("{HEADER}\n0,idle,1\n");
        assert!(matches!(
            GpuTrace::parse("gpu", &csv),
            Err(TraceError::ShortRow { line: 2, .. })
        ));
    }
}
