//! The browser side of every chart: ECharts instances bound to elements.
//!
//! ECharts (our own builds of only the charts we draw; see `scripts/echarts/`) is
//! fetched only by pages that draw a chart, and only the build their kind of chart
//! needs ([`EchartsBuild`]): the first chart on a page adds its script and every chart
//! waits for it to load.

use leptos::{html::Div, prelude::*};
use wasm_bindgen::{
    JsCast, JsValue,
    prelude::{Closure, wasm_bindgen},
};

#[wasm_bindgen]
extern "C" {
    /// An ECharts instance (charming's own binding lacks `dispose` and `on`).
    pub(super) type EchartsInstance;

    #[wasm_bindgen(js_namespace = echarts, js_name = init)]
    pub(super) fn echarts_init(element: &web_sys::HtmlElement, theme: JsValue) -> EchartsInstance;

    #[wasm_bindgen(method)]
    pub(super) fn resize(this: &EchartsInstance);

    #[wasm_bindgen(method)]
    pub(super) fn dispose(this: &EchartsInstance);

    #[wasm_bindgen(method, js_name = setOption)]
    pub(super) fn set_option_raw(this: &EchartsInstance, option: &JsValue);

    #[wasm_bindgen(method, js_name = dispatchAction)]
    pub(super) fn dispatch_action(this: &EchartsInstance, action: &JsValue);

    #[wasm_bindgen(method)]
    pub(super) fn on(this: &EchartsInstance, event: &str, handler: &js_sys::Function);
}

/// Which ECharts build a chart needs. Each defines the global `echarts`; a page draws
/// charts of one kind, so it loads one build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EchartsBuild {
    /// Line charts with box zoom (a workload page).
    Lines,
    /// Bars and donuts (the overview, the ledger).
    Bars,
}

impl EchartsBuild {
    /// Its name in `data-echarts` and in its file's name.
    fn name(self) -> &'static str {
        match self {
            Self::Lines => "lines",
            Self::Bars => "bars",
        }
    }

    /// Where the server serves it.
    fn src(self) -> &'static str {
        match self {
            Self::Lines => "/vendor/echarts-lines.min.js",
            Self::Bars => "/vendor/echarts-bars.min.js",
        }
    }
}

/// A toolbox with ECharts' box-zoom, switched on so a drag across the chart selects a
/// time window (ECharts then reports it as a `datazoom` event).
pub(super) const ZOOM_OPTION: &str = r#"{"toolbox":{"right":8,"top":0,"feature":{"dataZoom":{"yAxisIndex":"none","title":{"zoom":"Drag to zoom","back":"Undo zoom"}}}}}"#;
pub(super) const ZOOM_CURSOR: &str =
    r#"{"type":"takeGlobalCursor","key":"dataZoomSelect","dataZoomSelectActive":true}"#;

pub(super) fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("a constant JSON text")
}

/// The `[start, end]` x values of a `datazoom` event from the box-zoom.
pub(super) fn zoomed_window(event: &JsValue) -> Option<(f64, f64)> {
    let batch = js_sys::Reflect::get(event, &"batch".into()).ok()?;
    let first = js_sys::Reflect::get(&batch, &0.into()).ok()?;
    let start = js_sys::Reflect::get(&first, &"startValue".into())
        .ok()?
        .as_f64()?;
    let end = js_sys::Reflect::get(&first, &"endValue".into())
        .ok()?
        .as_f64()?;
    (end > start).then_some((start, end))
}

/// Whether the person prefers a dark colour scheme.
pub(super) fn prefers_dark() -> bool {
    window()
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

/// Adds `build`'s script to the page (once) and sets `ready` when it has loaded.
pub(super) fn load_echarts(build: EchartsBuild, ready: RwSignal<bool>) {
    let document = document();
    let script = match document
        .query_selector(&format!("script[data-echarts={}]", build.name()))
        .ok()
        .flatten()
    {
        Some(added) => added,
        None => {
            let Ok(script) = document.create_element("script") else {
                return;
            };
            let _ = script.set_attribute("src", build.src());
            let _ = script.set_attribute("data-echarts", build.name());
            if let Some(body) = document.body() {
                let _ = body.append_child(&script);
            }
            script
        }
    };
    // One small closure per chart, kept for the page's life; a chart gone by then
    // ignores it.
    let on_load = Closure::<dyn Fn()>::new(move || {
        let _ = ready.try_set(echarts_loaded());
    });
    let _ = script.add_event_listener_with_callback("load", on_load.as_ref().unchecked_ref());
    on_load.forget();
}

pub(super) fn echarts_loaded() -> bool {
    js_sys::Reflect::has(&window(), &JsValue::from_str("echarts")).unwrap_or(false)
}

/// Draws `option()` into `container` with `build` once all three exist, redraws whenever the option's
/// signals change, follows its container's size, and frees the instance on unmount.
/// With `on_zoom`, a drag across the chart reports the selected x window; with
/// `on_click`, clicking a bar or slice reports its `(name, series name)`.
pub fn draw_into(
    container: NodeRef<Div>,
    build: EchartsBuild,
    option: impl Fn() -> super::EchartsOption + 'static,
    on_zoom: Option<Callback<(f64, f64)>>,
    on_click: Option<Callback<(String, String)>>,
) {
    let ready = RwSignal::new(echarts_loaded());
    if !ready.get_untracked() {
        load_echarts(build, ready);
    }

    let instance = StoredValue::new_local(None::<EchartsInstance>);
    Effect::new(move |_| {
        let chart = option();
        let (Some(element), true) = (container.get(), ready.get()) else {
            return;
        };
        instance.update_value(|slot| {
            let echarts = slot.get_or_insert_with(|| {
                let theme = if prefers_dark() {
                    JsValue::from_str("dark")
                } else {
                    JsValue::NULL
                };
                let echarts = echarts_init(&element, theme);
                if let Some(on_zoom) = on_zoom {
                    let handler = Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
                        if let Some(window) = zoomed_window(&event) {
                            on_zoom.run(window);
                        }
                    });
                    echarts.on("datazoom", handler.as_ref().unchecked_ref());
                    // The instance lives as long as the page's chart; so does its handler.
                    handler.forget();
                }
                if let Some(on_click) = on_click {
                    let handler = Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
                        let text = |key: &str| {
                            js_sys::Reflect::get(&event, &key.into())
                                .ok()
                                .and_then(|v| v.as_string())
                                .unwrap_or_default()
                        };
                        on_click.run((text("name"), text("seriesName")));
                    });
                    echarts.on("click", handler.as_ref().unchecked_ref());
                    handler.forget();
                }
                echarts
            });
            // The server's JSON text, through the browser's own `JSON.parse`.
            match js_sys::JSON::parse(chart.json()) {
                Ok(option) => echarts.set_option_raw(&option),
                Err(_) => leptos::logging::error!("a chart option could not be read"),
            }
            if on_zoom.is_some() {
                echarts.set_option_raw(&json(ZOOM_OPTION));
                echarts.dispatch_action(&json(ZOOM_CURSOR));
            }
        });
    });

    // Follow the container's size, whatever changes it (window, layout, a grid that
    // had not been laid out yet when the chart was created).
    leptos_use::use_resize_observer(container, move |_, _| {
        instance.with_value(|slot| {
            if let Some(echarts) = slot {
                echarts.resize();
            }
        });
    });
    on_cleanup(move || {
        instance.update_value(|slot| {
            if let Some(echarts) = slot.take() {
                echarts.dispose();
            }
        });
    });
}
