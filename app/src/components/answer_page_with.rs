//! `answer_page_with`: the HTTP status of a page rendered on the server, for pages that
//! show an explanation rather than what was asked for (a bad URL, a missing workload).

/// Sets the status of the page being rendered on the server (nothing in the browser,
/// where the page has long been answered).
pub fn answer_page_with(status: http::StatusCode) {
    #[cfg(feature = "ssr")]
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}
