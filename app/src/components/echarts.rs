//! The browser side of every chart: ECharts instances bound to elements.
//!
//! ECharts is loaded as a deferred global script (see `shell`), so a chart waits for
//! the window's `load` event when hydration wins that race.

use charming::{Chart, Echarts, WasmRenderer};
use leptos::{ev, html::Div, prelude::*};
use wasm_bindgen::{JsCast, JsValue, prelude::wasm_bindgen};

#[wasm_bindgen]
extern "C" {
    /// An ECharts instance; charming's `Echarts` lacks `dispose`, so we bind our own
    /// and view it as charming's type to set options.
    type EchartsInstance;

    #[wasm_bindgen(js_namespace = echarts, js_name = init)]
    fn echarts_init(element: &web_sys::HtmlElement, theme: JsValue) -> EchartsInstance;

    #[wasm_bindgen(method)]
    fn resize(this: &EchartsInstance);

    #[wasm_bindgen(method)]
    fn dispose(this: &EchartsInstance);
}

fn echarts_loaded() -> bool {
    js_sys::Reflect::has(&window(), &JsValue::from_str("echarts")).unwrap_or(false)
}

/// Draws `option()` into `container` once both exist, redraws whenever the option's
/// signals change, follows window resizes, and frees the instance on unmount.
pub fn draw_into(container: NodeRef<Div>, option: impl Fn() -> Chart + 'static) {
    let ready = RwSignal::new(echarts_loaded());
    if !ready.get_untracked() {
        let listener = window_event_listener(ev::load, move |_| ready.set(echarts_loaded()));
        on_cleanup(move || listener.remove());
    }

    let instance = StoredValue::new_local(None::<EchartsInstance>);
    Effect::new(move |_| {
        let chart = option();
        let (Some(element), true) = (container.get(), ready.get()) else {
            return;
        };
        instance.update_value(|slot| {
            let echarts = slot.get_or_insert_with(|| echarts_init(&element, JsValue::NULL));
            WasmRenderer::update(echarts.unchecked_ref::<Echarts>(), &chart);
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
