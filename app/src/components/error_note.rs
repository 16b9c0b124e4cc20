use leptos::prelude::*;

use crate::auth::{SignInAgain, is_signed_out};

/// A server function's failure as a person reads it: without server_fn's wrapper text.
pub fn error_message(error: &ServerFnError) -> String {
    error
        .to_string()
        .replace("error running server function: ", "")
}

/// When the next attempt comes, unless the failure is an ended session (then only
/// signing in again helps).
fn retry_note(message: &str, retry_s: Option<u64>) -> Option<String> {
    let seconds = retry_s.filter(|_| !is_signed_out(message))?;
    Some(format!(" Retrying automatically every {seconds} s."))
}

/// A failed load with nothing to show instead, announced: `prefix` then the message,
/// when it will be retried, and "Sign in again" when the failure is an ended session.
#[component]
pub fn ErrorNote(
    #[prop(into)] prefix: String,
    error: ServerFnError,
    /// Seconds until the automatic retry, if the part retries.
    #[prop(optional)]
    retry_s: Option<u64>,
) -> impl IntoView {
    let message = error_message(&error);
    let retry = retry_note(&message, retry_s);
    view! {
        <p role="alert" class="error">{prefix} " " {message.clone()} {retry} <SignInAgain message/></p>
    }
}

/// A failed refresh over data already on screen: what failed, that the data shown is
/// the last good one (from `updated`), and when the next try comes.
#[component]
pub fn StaleNote(
    /// When the data on screen was fetched, as shown to people.
    #[prop(into)]
    updated: String,
    error: ServerFnError,
    retry_s: u64,
) -> impl IntoView {
    let message = error_message(&error);
    let retry = retry_note(&message, Some(retry_s));
    view! {
        <p role="alert" class="stale">
            "Showing the last good data from " {updated} " — the latest refresh failed: "
            {message.clone()} "." {retry} <SignInAgain message/>
        </p>
    }
}
