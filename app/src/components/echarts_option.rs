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

    /// This option with its time axis in `zone`, and how far its times were moved (in
    /// milliseconds, to take off a zoomed window again). ECharts knows only the
    /// browser's zone and UTC: for a named zone the times are moved by the zone's
    /// offset at the chart's last time and read as UTC (so a chart across a change to
    /// or from summer time is an hour off before the change); for the browser's zone
    /// nothing changes.
    #[cfg(feature = "ssr")]
    pub fn in_zone(self, zone: &crate::time_zone::Zone) -> (Self, i64) {
        let Ok(mut option) = serde_json::from_str::<serde_json::Value>(&self.0) else {
            return (self, 0);
        };
        let timed = option["xAxis"]["type"] == "time";
        let last = option["series"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|series| series["data"].as_array().into_iter().flatten())
            .filter_map(|point| point[0].as_f64())
            .fold(None, |last: Option<f64>, x| {
                Some(last.map_or(x, |l| l.max(x)))
            });
        let (true, Some(last)) = (timed, last) else {
            return (self, 0);
        };
        let Some(shift) = zone.offset_ms(last as i64) else {
            return (self, 0);
        };
        option["useUTC"] = true.into();
        if shift != 0 {
            for series in option["series"].as_array_mut().into_iter().flatten() {
                for point in series["data"].as_array_mut().into_iter().flatten() {
                    if let Some(x) = point[0].as_f64() {
                        point[0] = (x + shift as f64).into();
                    }
                }
            }
        }
        (Self(option.to_string()), shift)
    }
}

impl EchartsOption {
    /// The option with the span `[from_ms, to_ms]` of its x axis shaded on its first
    /// series and named `name` (where a stall began, say). Times are as the chart draws
    /// them: shifted into the viewer's zone already, as [`Self::in_zone`] shifts its data.
    #[cfg(feature = "ssr")]
    pub fn with_marked_span(self, from_ms: i64, to_ms: i64, name: &str) -> Self {
        let Ok(mut option) = serde_json::from_str::<serde_json::Value>(&self.0) else {
            return self;
        };
        let Some(first) = option["series"].get_mut(0) else {
            return self;
        };
        first["markArea"] = serde_json::json!({
            "silent": true,
            "itemStyle": { "color": "rgba(220, 38, 38, 0.12)" },
            "label": { "show": true, "position": "insideTopLeft" },
            "data": [[{ "name": name, "xAxis": from_ms }, { "xAxis": to_ms }]],
        });
        Self(option.to_string())
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
    fn a_time_axis_reads_in_the_chosen_zone() {
        use crate::time_zone::Zone;
        // 2026-07-15 12:00 UTC, and a minute later.
        let (t0, t1) = (1_784_116_800_000.0, 1_784_116_860_000.0);
        let chart = charming::Chart::new()
            .x_axis(charming::component::Axis::new().type_(charming::element::AxisType::Time))
            .series(charming::series::Line::new().data(vec![vec![t0, 1.0], vec![t1, 2.0]]));
        let read = |option: &EchartsOption| -> serde_json::Value {
            serde_json::from_str(option.json()).unwrap()
        };
        let plain = EchartsOption::from_chart(&chart);
        let (browser, shift) = plain.clone().in_zone(&Zone::Browser);
        assert_eq!(
            (browser.clone(), shift),
            (plain.clone(), 0),
            "the browser's own zone"
        );
        let (utc, shift) = plain.clone().in_zone(&Zone::Utc);
        assert_eq!((read(&utc)["useUTC"].clone(), shift), (true.into(), 0));
        let (tokyo, shift) = plain.in_zone(&Zone::Named("Asia/Tokyo".into()));
        let tokyo = read(&tokyo);
        assert_eq!(shift, 9 * 3_600_000);
        assert_eq!(tokyo["useUTC"], true);
        assert_eq!(
            tokyo["series"][0]["data"][1][0],
            t1 + 9.0 * 3_600_000.0,
            "{tokyo}"
        );
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
