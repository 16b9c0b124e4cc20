//! `/login`: sign in the way this dashboard offers (demo identities, a Run:ai access
//! key, a user name and password, or the team password). The forms post to the
//! server's `POST /login`, so they work before the WASM app has loaded; refusals come
//! back as `?error=<code>` and are shown above the forms.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

use crate::auth::{GuardKind, SignInOptions, SignInProblem, get_sign_in_options};

/// The sign-in page.
#[component]
pub fn LoginPage() -> impl IntoView {
    // Read from the raw query string, decoded exactly once: `next` is itself a URL
    // whose own escapes (`%3D%3D` in a filter) must survive to the redirect.
    let location = use_location();
    let param = move |name: &str| query_param(&location.search.get(), name);
    let options = Resource::new(|| (), |()| get_sign_in_options());
    let problem = move || {
        let retry = param("retry").parse::<u64>().ok();
        SignInProblem::from_code(&param("error")).map(|p| p.message(retry))
    };

    view! {
        <Title text="Sign in"/>
        <section class="login" aria-labelledby="login-title">
            <h1 id="login-title">"Sign in to Runboard"</h1>
            {move || problem().map(|message| view! { <p role="alert" class="error">{message}</p> })}
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match options.await {
                        Ok(options) => view! {
                            <SignInForms options next=param("next") typed_id=param("id")/>
                        }.into_any(),
                        Err(err) => view! {
                            <p role="alert" class="error">"Sign-in is unavailable: " {err.to_string()}</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The forms this mode offers.
#[component]
fn SignInForms(options: SignInOptions, next: String, typed_id: String) -> impl IntoView {
    let demo = options.mode == "demo";
    let personal = demo || options.mode == "user";
    let hidden_next = {
        let next = next.clone();
        move || view! { <input type="hidden" name="next" value=next.clone()/> }
    };
    let demo_list = demo.then(|| {
        let identities = options.demo_identities.clone();
        let hidden_next = hidden_next.clone();
        view! {
            <h2>"Demo identities"</h2>
            <p>"The embedded simulator's keys: each sees what Run:ai would let it see."</p>
            <ul class="demo-identities">
                {identities.into_iter().map(|identity| {
                    let label = format!("Sign in as {}", identity.id);
                    view! {
                        <li>
                            <form method="post" action="/login">
                                {hidden_next()}
                                <input type="hidden" name="demo" value=identity.id.clone()/>
                                <button type="submit">{label}</button>
                                " " <span>{identity.description}</span>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    });
    let key_form = personal.then(|| {
        let hidden_next = hidden_next.clone();
        let typed_id = typed_id.clone();
        view! {
            <h2>"Run:ai access key"</h2>
            <form method="post" action="/login" class="login-form">
                {hidden_next()}
                <label>"Client ID" <input name="client_id" required autocomplete="username" value=typed_id/></label>
                <label>"Client secret" <input name="client_secret" type="password" required autocomplete="current-password"/></label>
                <button type="submit">"Sign in with access key"</button>
            </form>
        }
    });
    let password_form = (personal && (options.password_sign_in || demo)).then(|| {
        let hidden_next = hidden_next.clone();
        view! {
            <h2>"Run:ai user"</h2>
            <form method="post" action="/login" class="login-form">
                {hidden_next()}
                <label>"User name" <input name="username" required autocomplete="username"/></label>
                <label>"Password" <input name="password" type="password" required autocomplete="current-password"/></label>
                <button type="submit">"Sign in with password"</button>
            </form>
        }
    });
    let guard = match options.guard {
        Some(GuardKind::Password) => Some(view! {
            <p>"This dashboard reads Run:ai with a shared service account."</p>
            <form method="post" action="/login" class="login-form">
                {hidden_next()}
                <label>"Dashboard password" <input name="guard_password" type="password" required autocomplete="current-password"/></label>
                <button type="submit">"Sign in"</button>
            </form>
        }.into_any()),
        Some(GuardKind::Header) => Some(view! {
            <p>
                "This dashboard is signed in to by the authenticating proxy in front of it, \
                 and this request did not come through it: open Runboard through the \
                 proxy's address."
            </p>
        }.into_any()),
        None => None,
    };
    view! {
        {demo_list}
        {key_form}
        {password_form}
        {guard}
        <p class="login-note">
            "Your key stays on the Runboard server, encrypted in your session; the browser \
             only keeps a session cookie."
        </p>
    }
}

/// The value of `name` in a raw query string (with or without its `?`), decoded once.
fn query_param(search: &str, name: &str) -> String {
    form_urlencoded::parse(search.trim_start_matches('?').as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_keeps_its_own_escapes() {
        let search =
            "?next=%2Fworkloads%3FfilterBy%3Dphase%253D%253DRunning%26limit%3D20&error=wrong_key";
        assert_eq!(
            query_param(search, "next"),
            "/workloads?filterBy=phase%3D%3DRunning&limit=20"
        );
        assert_eq!(query_param(search, "error"), "wrong_key");
        assert_eq!(query_param(search, "retry"), "");
    }
}
