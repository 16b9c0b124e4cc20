//! The browser entry point: hydrates the page the server rendered.

/// Called by the hydration script once the WASM module is loaded. `hydrate_lazy`: the
/// overview, workload and trace pages live in their own WASM chunks
/// (`cargo leptos build --split`), fetched before their page hydrates.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_lazy(app::App);
}
