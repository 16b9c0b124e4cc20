//! Signing in, as the pages see it: what the sign-in page offers (demo identities, the
//! guard, password sign-in), why a sign-in was refused ([`SignInProblem`], its words and
//! status), and where sign-in returns to. Who a request acts for is [`crate::caller`];
//! the browser never sees credentials, only the session cookie.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// A demo identity as the sign-in page shows it: never its secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DemoIdentity {
    /// The access key's client id.
    pub id: String,
    /// What it may see.
    pub description: String,
}

/// The service-account guard, as the sign-in page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum GuardKind {
    /// A team password typed on the page.
    Password,
    /// A header an authenticating proxy sets (its name is not told to visitors who
    /// have not signed in).
    Header,
}

/// How people get in, as the sign-in page needs to know it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignInOptions {
    /// `user`, `service-account` or `demo`.
    pub mode: String,
    /// Demo mode: the simulator's identities.
    pub demo_identities: Vec<DemoIdentity>,
    /// Whether user name + password is offered beside the access key.
    pub password_sign_in: bool,
    /// Service-account mode: what people pass.
    pub guard: Option<GuardKind>,
}

/// Why a sign-in was refused. The server answers browsers with a redirect to
/// `/login?error=<code>` and other clients with [`SignInProblem::status`] and the same
/// message, so the words live in one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInProblem {
    /// The token endpoint refused the access key.
    WrongKey,
    /// The token endpoint refused the user name and password.
    WrongPassword,
    /// Run:ai accepted the credentials but they may not read workloads.
    NoAccess,
    /// The dashboard's shared password did not match.
    WrongGuard,
    /// Too many failed sign-ins from this address or for this key.
    TooMany,
    /// Too many sign-ins, even successful ones, by this person or from this address.
    TooOften,
    /// Run:ai did not answer.
    Unreachable,
    /// A field was left empty.
    Incomplete,
    /// This way of signing in is not offered here.
    NotOffered,
    /// The session store did not answer.
    StoreDown,
}

impl SignInProblem {
    const ALL: [SignInProblem; 10] = [
        SignInProblem::WrongKey,
        SignInProblem::WrongPassword,
        SignInProblem::NoAccess,
        SignInProblem::WrongGuard,
        SignInProblem::TooMany,
        SignInProblem::TooOften,
        SignInProblem::Unreachable,
        SignInProblem::Incomplete,
        SignInProblem::NotOffered,
        SignInProblem::StoreDown,
    ];

    /// The word in `/login?error=`.
    pub fn code(self) -> &'static str {
        match self {
            SignInProblem::WrongKey => "wrong_key",
            SignInProblem::WrongPassword => "wrong_password",
            SignInProblem::NoAccess => "no_access",
            SignInProblem::WrongGuard => "wrong_guard",
            SignInProblem::TooMany => "too_many",
            SignInProblem::TooOften => "too_often",
            SignInProblem::Unreachable => "unreachable",
            SignInProblem::Incomplete => "incomplete",
            SignInProblem::NotOffered => "not_offered",
            SignInProblem::StoreDown => "store_down",
        }
    }

    /// The problem a code names.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The HTTP status for clients that are not browsers.
    pub fn status_code(self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            SignInProblem::WrongKey | SignInProblem::WrongPassword | SignInProblem::WrongGuard => {
                S::UNAUTHORIZED
            }
            SignInProblem::NoAccess => S::FORBIDDEN,
            SignInProblem::TooMany | SignInProblem::TooOften => S::TOO_MANY_REQUESTS,
            SignInProblem::Unreachable => S::BAD_GATEWAY,
            SignInProblem::Incomplete | SignInProblem::NotOffered => S::BAD_REQUEST,
            SignInProblem::StoreDown => S::SERVICE_UNAVAILABLE,
        }
    }

    /// [`Self::status_code`] as a number.
    pub fn status(self) -> u16 {
        self.status_code().as_u16()
    }

    /// What the person reads; `retry_secs` says when they may try again.
    pub fn message(self, retry_secs: Option<u64>) -> String {
        match self {
            SignInProblem::WrongKey => {
                "Run:ai did not accept that access key: check the client ID and secret.".to_owned()
            }
            SignInProblem::WrongPassword => {
                "Run:ai did not accept that user name and password.".to_owned()
            }
            SignInProblem::NoAccess => "Run:ai accepted the key, but it has no access to \
                workloads. Ask your Run:ai administrator for a role that can view them."
                .to_owned(),
            SignInProblem::WrongGuard => "That is not the dashboard password.".to_owned(),
            SignInProblem::TooMany => format!(
                "Too many failed sign-ins. Try again in {}.",
                wait_words(retry_secs)
            ),
            SignInProblem::TooOften => format!(
                "Too many sign-ins for this account or from this address within the hour. \
                 Try again in {}, or keep using a session you already have.",
                wait_words(retry_secs)
            ),
            SignInProblem::Unreachable => {
                "The Run:ai control plane did not answer. Try again shortly.".to_owned()
            }
            SignInProblem::Incomplete => "Fill in both fields.".to_owned(),
            SignInProblem::NotOffered => {
                "This way of signing in is not offered on this dashboard.".to_owned()
            }
            SignInProblem::StoreDown => {
                "The dashboard cannot reach its session store. Try again shortly.".to_owned()
            }
        }
    }
}

/// How long to wait, in words.
fn wait_words(retry_secs: Option<u64>) -> String {
    match retry_secs {
        Some(secs) if secs >= 120 => format!("{} minutes", secs.div_ceil(60)),
        Some(secs) => format!("{} seconds", secs.max(1)),
        None => "a few minutes".to_owned(),
    }
}

/// What the sign-in page offers (callable without a session).
#[server(endpoint = "sign_in_options")]
pub async fn get_sign_in_options() -> Result<SignInOptions, AppError> {
    use_context::<SignInOptions>()
        .ok_or_else(|| AppError::unavailable("sign-in is not configured on this server"))
}

/// The sign-in page's link back to where a person was: `/login?next=<here>`.
pub fn login_href(next: &str) -> String {
    let encoded: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
    format!("/login?next={encoded}")
}

/// Whether `url` (absolute, as a fetch reports where it ended) is the sign-in page: a
/// page asked for without a session is redirected there.
pub fn is_sign_in_page(url: &str) -> bool {
    let path = url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|slash| &rest[slash..]))
        .unwrap_or(url);
    path == "/login" || path.starts_with("/login?")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_login_link_carries_the_whole_url() {
        assert_eq!(
            login_href("/workloads?filterBy=phase==Running&limit=50"),
            "/login?next=%2Fworkloads%3FfilterBy%3Dphase%3D%3DRunning%26limit%3D50"
        );
    }

    #[test]
    fn the_sign_in_page_is_told_by_its_path_not_by_a_query_that_mentions_it() {
        assert!(is_sign_in_page(
            "http://127.0.0.1:3000/login?next=%2Fworkloads"
        ));
        assert!(is_sign_in_page("https://runboard.example/login"));
        assert!(!is_sign_in_page("http://h/workloads?search=/login"));
        assert!(!is_sign_in_page("http://h/workloads/login-svc"));
        assert!(!is_sign_in_page("http://h/loginx"));
    }

    #[test]
    fn problem_codes_round_trip_and_unknown_codes_are_none() {
        for problem in SignInProblem::ALL {
            assert_eq!(SignInProblem::from_code(problem.code()), Some(problem));
            assert!(!problem.message(None).is_empty());
        }
        assert_eq!(SignInProblem::from_code("<script>"), None);
        assert!(
            SignInProblem::TooMany
                .message(Some(42))
                .contains("42 seconds")
        );
        assert!(
            SignInProblem::TooMany
                .message(Some(600))
                .contains("10 minutes")
        );
    }
}
