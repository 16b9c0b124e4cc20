//! Charts a page renders on the server for an island to draw: [`ServerChart`] is the
//! labelled container carrying its ECharts option as JSON text; in the browser,
//! [`draw_server_charts`] draws every such container in a part of the page, again after
//! each swap of that part. No reactive chart code runs: the option is the server's.

use leptos::prelude::*;

use super::EchartsOption;

/// A chart's container, with the option the server built for it. `label` is its
/// accessible name (the chart is an image to assistive technology; pages put the same
/// numbers in a table or a CSV beside it).
#[component]
pub fn ServerChart(#[prop(into)] label: String, option: EchartsOption) -> impl IntoView {
    view! {
        <div class="chart" role="img" aria-label=label data-echarts-option=option.json().to_owned()></div>
    }
}

#[cfg(feature = "hydrate")]
pub use browser::draw_server_charts;

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue, prelude::Closure};

    use crate::components::echarts::{
        EchartsBuild, EchartsInstance, ZOOM_CURSOR, ZOOM_OPTION, echarts_init, echarts_loaded,
        json, load_echarts, prefers_dark, zoomed_window,
    };

    /// Draws every [`super::ServerChart`] inside the element `root_id` with `build` once
    /// it has loaded, follows the window's size, and reports a drag across any chart to
    /// `on_zoom` as its x window. Returns what to run after the part is swapped: it
    /// frees the charts that left with the old part and draws the new ones.
    pub fn draw_server_charts(
        root_id: &'static str,
        build: EchartsBuild,
        on_zoom: Callback<(f64, f64)>,
    ) -> Callback<()> {
        let ready = RwSignal::new(echarts_loaded());
        if !ready.get_untracked() {
            load_echarts(build, ready);
        }
        // One zoom handler for the page's life, shared by every chart drawn.
        let handler =
            StoredValue::new_local(Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
                if let Some(window) = zoomed_window(&event) {
                    on_zoom.run(window);
                }
            }));
        let drawn = StoredValue::new_local(Vec::<EchartsInstance>::new());
        let redraw = move || {
            drawn.update_value(|charts| {
                for chart in charts.drain(..) {
                    chart.dispose();
                }
                let Some(root) = document().get_element_by_id(root_id) else {
                    return;
                };
                let Ok(containers) = root.query_selector_all("[data-echarts-option]") else {
                    return;
                };
                let theme = if prefers_dark() {
                    JsValue::from_str("dark")
                } else {
                    JsValue::NULL
                };
                for index in 0..containers.length() {
                    let Some(element) = containers
                        .item(index)
                        .and_then(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
                    else {
                        continue;
                    };
                    let text = element
                        .get_attribute("data-echarts-option")
                        .unwrap_or_default();
                    // The server's JSON text, through the browser's own `JSON.parse`.
                    let Ok(option) = js_sys::JSON::parse(&text) else {
                        leptos::logging::error!("a chart option could not be read");
                        continue;
                    };
                    let chart = echarts_init(&element, theme.clone());
                    chart.set_option_raw(&option);
                    chart.set_option_raw(&json(ZOOM_OPTION));
                    chart.dispatch_action(&json(ZOOM_CURSOR));
                    handler.with_value(|handler| {
                        chart.on("datazoom", handler.as_ref().unchecked_ref());
                    });
                    charts.push(chart);
                }
            });
        };
        Effect::new(move |_| {
            if ready.get() {
                redraw();
            }
        });
        let resizing = window_event_listener(leptos::ev::resize, move |_| {
            drawn.with_value(|charts| charts.iter().for_each(EchartsInstance::resize));
        });
        on_cleanup(move || {
            resizing.remove();
            drawn.update_value(|charts| charts.drain(..).for_each(|chart| chart.dispose()));
        });
        Callback::new(move |()| {
            if ready.get_untracked() {
                redraw();
            }
        })
    }
}
