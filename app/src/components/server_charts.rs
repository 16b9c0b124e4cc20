//! Charts a page renders on the server for an island to draw: [`ServerChart`] is the
//! labelled container carrying its ECharts option as JSON text; in the browser,
//! [`draw_server_charts`] draws every such container in a part of the page, again after
//! each swap of that part. No reactive chart code runs: the option is the server's.

use leptos::prelude::*;

use super::EchartsOption;

/// A chart's container, with the option the server built for it. `label` is its
/// accessible name (the chart is an image to assistive technology; pages put the same
/// numbers in a table or a CSV beside it). `links`, JSON text of
/// `[[[name, series name], href], …]`, is where a click on a bar or slice leads.
#[component]
pub fn ServerChart(
    #[prop(into)] label: String,
    option: EchartsOption,
    #[prop(optional)] links: Option<String>,
    /// How far a time axis' times were moved to read in the viewer's zone, taken off a
    /// window zoomed on it.
    #[prop(optional)]
    x_shift_ms: i64,
) -> impl IntoView {
    view! {
        <div
            class="chart"
            role="img"
            aria-label=label
            data-echarts-option=option.json().to_owned()
            data-echarts-links=links
            data-x-shift-ms=(x_shift_ms != 0).then_some(x_shift_ms)
        ></div>
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

    /// A chart drawn, and its click handler (which holds the chart's links).
    type Drawn = (EchartsInstance, Option<Closure<dyn Fn(JsValue)>>);

    /// Draws every [`super::ServerChart`] inside the element `root_id` with `build` once
    /// it has loaded, follows the window's size, reports a drag across any chart to
    /// `on_zoom` as its x window (with box zoom on), and opens the link behind a
    /// clicked bar or slice. Returns what to run after the part is swapped: it frees
    /// the charts that left with the old part (and their handlers) and draws the new
    /// ones.
    pub fn draw_server_charts(
        root_id: &'static str,
        build: EchartsBuild,
        on_zoom: Option<Callback<(f64, f64)>>,
    ) -> Callback<()> {
        let ready = RwSignal::new(echarts_loaded());
        if !ready.get_untracked() {
            load_echarts(build, ready);
        }
        // One zoom handler for the page's life, shared by every chart drawn.
        let zooms =
            StoredValue::new_local(Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
                if let (Some(on_zoom), Some((from, to))) = (on_zoom, zoomed_window(&event)) {
                    // Charts in a named zone drew their times moved by its offset.
                    let shift = document()
                        .get_element_by_id(root_id)
                        .and_then(|root| root.query_selector("[data-x-shift-ms]").ok().flatten())
                        .and_then(|chart| chart.get_attribute("data-x-shift-ms"))
                        // Whole milliseconds: no float parsing reaches the WASM.
                        .and_then(|shift| shift.parse::<i64>().ok())
                        .unwrap_or(0) as f64;
                    on_zoom.run((from - shift, to - shift));
                }
            }));
        let drawn = StoredValue::new_local(Vec::<Drawn>::new());
        let redraw = move || {
            drawn.update_value(|charts| {
                for (chart, _) in charts.drain(..) {
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
                    if on_zoom.is_some() {
                        chart.set_option_raw(&json(ZOOM_OPTION));
                        chart.dispatch_action(&json(ZOOM_CURSOR));
                        zooms.with_value(|zooms| {
                            chart.on("datazoom", zooms.as_ref().unchecked_ref())
                        });
                    }
                    let clicks = element.get_attribute("data-echarts-links").map(|links| {
                        let links = read_links(&links);
                        let clicks = Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
                            if let Some(href) = link_for(&links, &event) {
                                let _ = window().location().set_href(&href);
                            }
                        });
                        chart.on("click", clicks.as_ref().unchecked_ref());
                        clicks
                    });
                    charts.push((chart, clicks));
                }
            });
        };
        Effect::new(move |_| {
            if ready.get() {
                redraw();
            }
        });
        let resizing = window_event_listener(leptos::ev::resize, move |_| {
            drawn.with_value(|charts| charts.iter().for_each(|(chart, _)| chart.resize()));
        });
        on_cleanup(move || {
            resizing.remove();
            drawn.update_value(|charts| charts.drain(..).for_each(|(chart, _)| chart.dispose()));
        });
        Callback::new(move |()| {
            if ready.get_untracked() {
                redraw();
            }
        })
    }

    /// `(name, series name, href)` entries of a chart's links (JSON text of
    /// `[[[name, series name], href], …]`), read with the browser's own `JSON.parse`.
    fn read_links(text: &str) -> Vec<(String, String, String)> {
        let Ok(links) = js_sys::JSON::parse(text) else {
            return Vec::new();
        };
        js_sys::Array::from(&links)
            .iter()
            .filter_map(|entry| {
                let entry = js_sys::Array::from(&entry);
                let key = js_sys::Array::from(&entry.get(0));
                Some((
                    key.get(0).as_string()?,
                    key.get(1).as_string()?,
                    entry.get(1).as_string()?,
                ))
            })
            .collect()
    }

    /// The link behind a clicked bar or slice: the entry for its `(name, series name)`,
    /// or for its name alone when only one entry has that name.
    fn link_for(links: &[(String, String, String)], event: &JsValue) -> Option<String> {
        let text = |key: &str| {
            js_sys::Reflect::get(event, &key.into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        let (name, series) = (text("name"), text("seriesName"));
        let exact = links.iter().find(|(n, s, _)| *n == name && *s == series);
        let mut named = links.iter().filter(|(n, _, _)| *n == name);
        let only = match (named.next(), named.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        };
        exact.or(only).map(|(_, _, href)| href.clone())
    }
}
