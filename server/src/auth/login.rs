//! `POST /login` and `POST /logout`: plain HTML forms, so signing in works before the
//! WASM app has loaded. Browsers are answered with redirects (`/login?error=…` on
//! failure); other clients with the status and message of the [`SignInProblem`].

use std::{
    net::{IpAddr, Ipv4Addr},
    sync::Arc,
};

use app::auth::{SignInProblem, login_href};
use axum::{
    Form,
    extract::State,
    http::{Extensions, HeaderMap, header},
    response::{IntoResponse, Redirect, Response},
};
use runai::client::secret_fingerprint;
use tower_sessions::Session;

use super::{
    Auth, SIGNED_IN, SignedIn,
    attempt::{Attempt, SignInForm, TEAM_PASSWORD, attempt, same_secret, verify},
    limiter::Subject,
    next::safe_next,
    record::SEEN,
};
use crate::{config::Guard, observe::loggable, peer::ClientAddr};

/// Signs a person in and sends them to `next`.
pub async fn sign_in(
    State(auth): State<Arc<Auth>>,
    State(alerts): State<app::pages::alerts::AlertsSource>,
    session: Session,
    extensions: Extensions,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let next = safe_next(form.next.as_deref());
    let browser = wants_html(&headers);
    let typed_id = form
        .client_id
        .clone()
        .or_else(|| form.username.clone())
        .unwrap_or_default();
    let refuse = |problem: SignInProblem, retry: Option<u64>| {
        refusal(problem, retry, browser, &next, &typed_id)
    };

    let attempt = match attempt(&auth, form) {
        Ok(attempt) => attempt,
        Err(problem) => return refuse(problem, None),
    };
    let client = extensions
        .get::<ClientAddr>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |client| client.ip);
    let (key, fingerprint) = match &attempt {
        Attempt::Key(c) | Attempt::Password(c) => (c.principal(), c.fingerprint()),
        Attempt::Guard(typed) => (TEAM_PASSWORD, secret_fingerprint(typed.as_bytes())),
    };
    let person = attempt.person(client);
    // Counted before Run:ai is asked, refunded below if it succeeds.
    let ticket = match auth
        .limiter
        .begin(Subject::of(Some(key), client), fingerprint)
        .await
    {
        Ok(ticket) => ticket,
        Err(wait) => {
            tracing::info!(who = %loggable(&typed_id), %client, "sign-in throttled");
            return refuse(SignInProblem::TooMany, Some(wait.as_secs().max(1)));
        }
    };
    // Successful sign-ins are limited too, checked before Run:ai is asked: with the
    // team password only the address counts (everyone there shares it). The share goes
    // back when `share` is dropped without succeeding, however this request ends.
    let counted_person = match attempt {
        Attempt::Guard(_) => None,
        _ => Some(person.as_str()),
    };
    let share = match auth.sign_in_rate.take(counted_person, client) {
        Ok(share) => share,
        Err(wait) => {
            auth.limiter.refund(ticket).await;
            tracing::info!(who = %loggable(&typed_id), %client, "sign-in refused: too many within the hour");
            return refuse(SignInProblem::TooOften, Some(wait.as_secs().max(1)));
        }
    };
    if !ticket.delay.is_zero() {
        tokio::time::sleep(ticket.delay).await;
    }

    let verified = match &attempt {
        Attempt::Key(credentials) | Attempt::Password(credentials) => verify(&auth, credentials)
            .await
            .map(|()| auth.record(credentials.principal(), Some(credentials))),
        Attempt::Guard(typed) => match &auth.guard {
            Some(Guard::Password(password)) if same_secret(typed, password) => {
                Ok(auth.record("team password", None))
            }
            _ => Err(SignInProblem::WrongGuard),
        },
    };
    let record = match verified {
        Ok(record) => record,
        Err(problem) => {
            // Only a refusal of the credentials counts; Run:ai being away does not.
            if matches!(problem.status(), 401 | 403) {
                auth.limiter.failed(ticket).await;
            } else {
                auth.limiter.refund(ticket).await;
            }
            drop(share);
            tracing::info!(problem = problem.code(), who = %loggable(&typed_id), %client, "sign-in refused");
            return refuse(problem, None);
        }
    };
    auth.limiter.refund(ticket).await;
    let mut record = record;
    record.person = Some(person.clone());
    // The session this browser had, if any: its id ends here.
    let previous = (
        session.id(),
        session
            .get::<SignedIn>(SIGNED_IN)
            .await
            .ok()
            .flatten()
            .and_then(|r| r.person),
    );
    // A fresh session id at sign-in: an id planted before sign-in is worth nothing.
    // Saved here, not only by the session layer, so that its id is known.
    let stored = async {
        session.cycle_id().await?;
        session.insert(SEEN, record.since).await?;
        session.insert(SIGNED_IN, &record).await?;
        session.save().await
    };
    if let Err(err) = stored.await {
        tracing::warn!(error = %err, "cannot store the session");
        return refuse(SignInProblem::StoreDown, None);
    }
    share.succeeded();
    if let (Some(old), Some(owner)) = previous {
        auth.person_sessions.forget(&owner, old);
    }
    // The person's oldest sessions past their bound end: their own, nobody else's.
    if let Some(id) = session.id() {
        for pushed_out in auth.person_sessions.admit(&person, id) {
            if let Err(err) = auth.sessions.delete(&pushed_out).await {
                tracing::warn!(error = %err, "cannot end a pushed-out session");
            }
        }
    }
    // Their alert rules tell them of what their own key can see now (in the
    // background: signing in does not wait for Run:ai's answer).
    if let Attempt::Key(credentials) | Attempt::Password(credentials) = &attempt {
        alerts.record_scope_at_sign_in(&record.principal, credentials);
    }
    tracing::info!(principal = %loggable(&record.principal), mode = %record.mode, "signed in");
    Redirect::to(&next).into_response()
}

/// Ends the session (deleted from the store, and from its person's sessions) and
/// returns to the sign-in page.
pub async fn sign_out(State(auth): State<Arc<Auth>>, session: Session) -> Response {
    let id = session.id();
    let owner = session
        .get::<SignedIn>(SIGNED_IN)
        .await
        .ok()
        .flatten()
        .and_then(|r| r.person);
    if let Err(err) = session.flush().await {
        tracing::warn!(error = %err, "cannot delete the session");
    }
    if let (Some(id), Some(owner)) = (id, owner) {
        auth.person_sessions.forget(&owner, id);
    }
    Redirect::to("/login").into_response()
}

fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

fn refusal(
    problem: SignInProblem,
    retry: Option<u64>,
    browser: bool,
    next: &str,
    typed_id: &str,
) -> Response {
    if browser {
        let mut to = format!("{}&error={}", login_href(next), problem.code());
        if let Some(secs) = retry {
            to.push_str(&format!("&retry={secs}"));
        }
        if !typed_id.is_empty() && typed_id.len() <= 200 {
            let id: String = form_urlencoded::byte_serialize(typed_id.as_bytes()).collect();
            to.push_str(&format!("&id={id}"));
        }
        return Redirect::to(&to).into_response();
    }
    let mut response = (problem.status_code(), problem.message(retry)).into_response();
    if let Some(secs) = retry {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, secs.into());
    }
    response
}
