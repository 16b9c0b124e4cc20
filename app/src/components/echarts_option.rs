//! `EchartsOption`: a chart as ECharts reads it, built on the server.

use serde::{Deserialize, Serialize};

/// An ECharts option as JSON text. The server builds it (with charming) and the
/// browser hands it to ECharts as it is, so no chart-building code, and none of its
/// field names, reaches the browser's WASM.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EchartsOption(String);

impl EchartsOption {
    /// The option charming's `chart` describes.
    #[cfg(feature = "ssr")]
    pub fn from_chart(chart: &charming::Chart) -> Self {
        // A chart of numbers and strings always encodes; an empty option draws nothing.
        Self(serde_json::to_string(chart).unwrap_or_else(|_| "{}".to_owned()))
    }

    /// The JSON text.
    pub fn json(&self) -> &str {
        &self.0
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn an_option_travels_as_its_json_text() {
        let option = EchartsOption::from_chart(&charming::Chart::new());
        assert!(option.json().starts_with('{'), "{}", option.json());
        let carried = serde_json::to_string(&option).unwrap();
        assert_eq!(
            serde_json::from_str::<EchartsOption>(&carried).unwrap(),
            option
        );
    }
}
