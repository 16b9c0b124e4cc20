use leptos::prelude::*;

use crate::auth::SignInAgain;

/// A server function's failure as a person reads it: without server_fn's wrapper text.
pub fn error_message(error: &ServerFnError) -> String {
    error
        .to_string()
        .replace("error running server function: ", "")
}

/// A failed load, announced: `prefix` then the message, and "Sign in again" when the
/// failure is an ended session.
#[component]
pub fn ErrorNote(#[prop(into)] prefix: String, error: ServerFnError) -> impl IntoView {
    let message = error_message(&error);
    view! {
        <p role="alert" class="error">{prefix} {message.clone()} <SignInAgain message/></p>
    }
}
