//! Any ECharts option, drawn after hydration, with segment clicks reported.

use leptos::{html::Div, prelude::*};

use super::EchartsOption;

/// A chart of bars or donuts, its option built by the server. `label` is its
/// accessible name; pages put the same numbers in a table beside it.
#[component]
pub fn Chart(
    #[prop(into)] label: String,
    #[prop(into)] option: Signal<EchartsOption>,
    /// Called with `(name, series name)` of a clicked bar or slice.
    #[prop(optional)]
    on_click: Option<Callback<(String, String)>>,
) -> impl IntoView {
    let container = NodeRef::<Div>::new();
    #[cfg(feature = "hydrate")]
    super::echarts::draw_into(
        container,
        super::echarts::EchartsBuild::Bars,
        move || option.get(),
        None,
        on_click,
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = (option, on_click);
    view! { <div class="chart" role="img" aria-label=label node_ref=container></div> }
}
