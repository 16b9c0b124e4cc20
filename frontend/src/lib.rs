//! The browser entry point: brings the server-rendered page's islands to life and shows
//! its times in the viewer's zone.

/// Called by the islands script once the WASM module is loaded. Only the interactive
/// parts of a page (`#[island]`s) hydrate; everything else stays the server's HTML. The
/// overview's and workload charts' islands are lazy: each lives in its own
/// WASM chunk (`cargo leptos build --split`), fetched only by its page.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Links the app crate, whose islands export their hydration functions.
    let _ = app::App;
    leptos::mount::hydrate_islands();
    // The server writes times in UTC; the page shows them in the viewer's zone.
    if let Some(body) = leptos::prelude::document().body() {
        app::time_zone::show_times(&body);
    }
}
