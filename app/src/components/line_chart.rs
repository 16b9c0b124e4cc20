//! A line chart drawn by ECharts after hydration; the server renders its empty,
//! labelled container so the page's layout does not move when the chart appears.

use leptos::{html::Div, prelude::*};

use super::EchartsOption;

/// A responsive line chart. `label` is its accessible name (the chart is an image to
/// assistive technology; pages put the same numbers in a table beside it).
#[component]
pub fn LineChart(
    /// The accessible name, e.g. "GPU utilization over time".
    #[prop(into)]
    label: String,
    /// What to draw, built by the server (`line_chart_option`); the chart
    /// redraws whenever it changes.
    #[prop(into)]
    option: Signal<EchartsOption>,
    /// Called with the x window a person drags across the chart (drag-to-zoom).
    #[prop(optional)]
    on_zoom: Option<Callback<(f64, f64)>>,
) -> impl IntoView {
    let container = NodeRef::<Div>::new();
    #[cfg(feature = "hydrate")]
    super::echarts::draw_into(
        container,
        super::echarts::EchartsBuild::Lines,
        move || option.get(),
        on_zoom,
        None,
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = (option, on_zoom);

    view! { <div class="chart" role="img" aria-label=label node_ref=container></div> }
}
