//! What a line chart draws, and its ECharts option (server only: the browser gets the
//! option as JSON text, [`super::EchartsOption`]).

use charming::{
    Chart,
    component::{Axis, Grid, Legend, LegendType},
    element::{
        AxisLabel, AxisType, ItemStyle, LineStyle, LineStyleType, NameLocation, Tooltip, Trigger,
    },
    series::Line,
};

use crate::format::Unit;

/// One named line of `(x, y)` points.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineSeries {
    /// The legend entry.
    pub name: String,
    /// `(x, y)` pairs in x order.
    pub points: Vec<(f64, f64)>,
    /// Drawn thin and dashed: a bound around another line (a highest or lowest value).
    pub dashed: bool,
    /// Its colour where it means one (an outcome, a status); otherwise the palette's.
    pub colour: Option<&'static str>,
}

/// Everything a line chart draws.
#[derive(Clone, Debug, PartialEq)]
pub struct LineChartData {
    /// The x axis' name, e.g. "time (s)".
    pub x_name: String,
    /// The x values are Unix milliseconds (a time axis) rather than plain numbers.
    pub x_time: bool,
    /// Where a plain x axis ends (the last day of a month), rather than a round number
    /// past the data.
    pub x_max: Option<f64>,
    /// The unit of every series' y values.
    pub y_unit: Unit,
    /// The lines.
    pub series: Vec<LineSeries>,
}

/// Builds the ECharts option for `data`. Byte values are scaled to one binary
/// multiple for the whole chart, so the axis reads "GiB" rather than 10-digit numbers.
pub fn line_chart_option(data: &LineChartData) -> Chart {
    let peak = data
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|&(_, y)| y.abs()))
        .fold(0.0, f64::max);
    let (divisor, y_symbol) = data.y_unit.axis_scale(peak);

    let mut x_axis = Axis::new()
        .type_(if data.x_time {
            AxisType::Time
        } else {
            AxisType::Value
        })
        .name(data.x_name.as_str())
        .name_location(NameLocation::Middle)
        .name_gap(28);
    if let Some(max) = data.x_max {
        x_axis = x_axis.min(1).max(max);
    }
    let mut chart = Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(bottom_legend())
        .grid(Grid::new().left(64).right(24).top(32).bottom(72))
        .x_axis(x_axis)
        .y_axis(
            Axis::new()
                .type_(AxisType::Value)
                .name(y_symbol)
                .axis_label(AxisLabel::new().formatter("{value}")),
        );
    for series in &data.series {
        let points: Vec<Vec<f64>> = series
            .points
            .iter()
            .map(|&(x, y)| vec![x, round_for_display(y / divisor)])
            .collect();
        let mut line = Line::new()
            .name(series.name.as_str())
            .show_symbol(false)
            .data(points);
        if series.dashed {
            line = line.line_style(LineStyle::new().type_(LineStyleType::Dashed).width(1));
        }
        if let Some(colour) = series.colour {
            line = line.item_style(ItemStyle::new().color(colour));
        }
        chart = chart.series(line);
    }
    chart
}

/// The legend under a chart: one line that scrolls when its names do not fit, so it
/// never wraps over the x-axis labels.
pub fn bottom_legend() -> Legend {
    Legend::new().type_(LegendType::Scroll).top("bottom")
}

/// Keeps four decimals: enough for any axis or tooltip, and a smaller option object.
fn round_for_display(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(unit: Unit, ys: &[f64]) -> LineChartData {
        LineChartData {
            x_name: "time (s)".into(),
            x_time: false,
            x_max: None,
            y_unit: unit,
            series: vec![LineSeries {
                name: "GPU 0".into(),
                points: ys.iter().enumerate().map(|(i, &y)| (i as f64, y)).collect(),
                dashed: false,
                colour: None,
            }],
        }
    }

    #[test]
    fn option_carries_every_point_of_every_series() {
        let option =
            serde_json::to_value(line_chart_option(&data(Unit::Percent, &[0.0, 50.5, 99.0])))
                .unwrap();
        let series = &option["series"][0];
        assert_eq!(series["type"], "line");
        assert_eq!(series["name"], "GPU 0");
        assert_eq!(
            series["data"],
            serde_json::json!([[0.0, 0.0], [1.0, 50.5], [2.0, 99.0]])
        );
        assert_eq!(option["yAxis"]["name"], "%");
    }

    #[test]
    fn bytes_are_scaled_to_one_multiple_for_the_axis() {
        let gib = 1024.0 * 1024.0 * 1024.0;
        let option = serde_json::to_value(line_chart_option(&data(
            Unit::Bytes,
            &[0.5 * gib, 40.0 * gib],
        )))
        .unwrap();
        assert_eq!(option["yAxis"]["name"], "GiB");
        assert_eq!(option["series"][0]["data"][1][1], 40.0);
        assert_eq!(option["series"][0]["data"][0][1], 0.5);
    }
}
