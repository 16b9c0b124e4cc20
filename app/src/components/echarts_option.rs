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
        let mut option = serde_json::to_value(chart).unwrap_or_default();
        thin_axis_labels(&mut option);
        Self(option.to_string())
    }

    /// The JSON text.
    pub fn json(&self) -> &str {
        &self.0
    }
}

/// Lets ECharts drop x-axis labels that would overlap (`hideOverlap`, which charming
/// cannot say): on a narrow chart the labels thin out rather than run together.
#[cfg(feature = "ssr")]
fn thin_axis_labels(option: &mut serde_json::Value) {
    let axes: Vec<&mut serde_json::Value> = match option.get_mut("xAxis") {
        Some(serde_json::Value::Array(axes)) => axes.iter_mut().collect(),
        Some(axis) => vec![axis],
        None => Vec::new(),
    };
    for axis in axes {
        if let Some(axis) = axis.as_object_mut() {
            let label = axis
                .entry("axisLabel")
                .or_insert_with(|| serde_json::json!({}));
            if let Some(label) = label.as_object_mut() {
                label.insert("hideOverlap".to_owned(), true.into());
            }
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn x_axis_labels_thin_out_rather_than_overlap() {
        let chart = charming::Chart::new()
            .x_axis(charming::component::Axis::new())
            .y_axis(charming::component::Axis::new());
        let option: serde_json::Value =
            serde_json::from_str(EchartsOption::from_chart(&chart).json()).unwrap();
        assert_eq!(
            option["xAxis"]["axisLabel"]["hideOverlap"], true,
            "{option}"
        );
        assert!(option["yAxis"].get("axisLabel").is_none());
    }

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
