//! A workload's metrics as series, shared by the pages that draw them (one workload's
//! page, the comparison of several): the charts' time window ([`range`]), how a metric
//! measured per GPU is drawn, a chart as it travels drawn, what each metric type is
//! called, and the series read from a metrics answer (server only).

use serde::{Deserialize, Serialize};

use crate::components::EchartsOption;

#[cfg(feature = "ssr")]
mod gpu_lines;
#[cfg(feature = "ssr")]
mod names;
pub mod range;
#[cfg(feature = "ssr")]
mod read;

#[cfg(feature = "ssr")]
pub use self::{
    gpu_lines::{across, gpu_lines},
    names::metric_name,
    read::{gpu_count, per_gpu, percentiles, points, rate, series_of, single},
};

/// Whether `w` serves inference (and so has NIM metrics).
pub fn serves_inference(w: &runai::model::Workload) -> bool {
    w.category == "Deploy" || w.type_.contains("Inference") || w.type_ == "LeaderWorkerSet"
}

/// The metric types a page asks for: every known one, NIM's only for `inference`.
#[cfg(feature = "ssr")]
pub fn metric_types(inference: bool) -> Vec<runai::model::MetricType> {
    runai::model::MetricType::KNOWN
        .iter()
        .filter(|t| inference || !t.is_nim())
        .cloned()
        .collect()
}

/// How a metric measured per GPU is drawn (`gpus=each` in the URL for one line each).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GpuLines {
    /// The mean over the workload's GPUs, with the highest and the lowest GPU at each
    /// instant: readable for any number of GPUs.
    #[default]
    Spread,
    /// One line per GPU, and their mean.
    Each,
}

impl GpuLines {
    /// Its word in a URL (`gpus=each`); the default has none.
    pub fn word(self) -> Option<&'static str> {
        match self {
            Self::Spread => None,
            Self::Each => Some("each"),
        }
    }

    /// Reads `gpus=` from a URL: the way, or why the word is not one.
    pub fn from_word(word: Option<&str>) -> Result<Self, String> {
        match word {
            None | Some("spread") => Ok(Self::Spread),
            Some("each") => Ok(Self::Each),
            Some(other) => Err(format!(
                "“{other}” is not a way to draw GPUs: use “each”, or leave it out"
            )),
        }
    }
}

/// One chart: its title, and its option.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChartPanel {
    pub title: String,
    pub option: EchartsOption,
    /// How far its times were moved to read in the viewer's zone (milliseconds).
    pub x_shift_ms: i64,
}
