//! The browser's binding to ECharts, which every chart drawing uses
//! ([`super::draw_server_charts`]).
//!
//! ECharts (our own builds of only the charts we draw; see `scripts/echarts/`) is
//! fetched only by pages that draw a chart, and only the build their kind of chart
//! needs ([`EchartsBuild`]): the first chart on a page adds its script and every chart
//! waits for it to load.

use leptos::prelude::*;
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
