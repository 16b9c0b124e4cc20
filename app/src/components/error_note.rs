//! How a failed load reads on a page: [`ErrorNote`] when there is nothing to show
//! instead, [`StaleNote`] over the last good data. Both say when the next try comes,
//! and offer "Sign in again" when the session has ended.

use leptos::prelude::*;

use super::{answer_page_with, current_url};
use crate::{auth::login_href, error::AppError};

/// When the next attempt comes, unless the failure is an ended session (then only
/// signing in again helps).
fn retry_note(error: &AppError, retry_s: Option<u64>) -> Option<String> {
    let seconds = retry_s.filter(|_| !error.is_signed_out())?;
    Some(format!(" Retrying automatically every {seconds} s."))
}

/// A "Sign in again" link back to this very page when `error` is an ended session.
#[component]
fn SignInAgain(error: AppError) -> impl IntoView {
    error.is_signed_out().then(|| {
        view! { " " <a href=login_href(&current_url()) rel="external">"Sign in again"</a> }
    })
}

/// A failed load with nothing to show instead, announced: `prefix` then the message,
/// when it will be retried, and "Sign in again" when the failure is an ended session.
/// A page rendered with it answers with the error's status when the request itself is
/// at fault (a bad URL, a missing or forbidden workload); Run:ai's failures leave the
/// page a 200, since the page itself answered, with the explanation in it.
#[component]
pub fn ErrorNote(
    #[prop(into)] prefix: String,
    error: AppError,
    /// Seconds until the automatic retry, if the part retries.
    #[prop(optional)]
    retry_s: Option<u64>,
) -> impl IntoView {
    if error.is_callers_fault() {
        answer_page_with(error.status_code());
    }
    let retry = retry_note(&error, retry_s);
    view! {
        <p role="alert" class="error">{prefix} " " {error.message().to_owned()} {retry} <SignInAgain error/></p>
    }
}

/// A failed refresh over data already on screen: what failed, that the data shown is
/// the last good one (from `updated`), and when the next try comes.
#[component]
pub fn StaleNote(
    /// When the data on screen was fetched, as shown to people.
    #[prop(into)]
    updated: String,
    error: AppError,
    retry_s: u64,
) -> impl IntoView {
    let retry = retry_note(&error, Some(retry_s));
    view! {
        <p role="alert" class="stale">
            "Showing the last good data from " {updated} " — the latest refresh failed: "
            {error.message().to_owned()} "." {retry} <SignInAgain error/>
        </p>
    }
}
