//! The sign-in modes through the real server on port 0: user mode (access key, user
//! name and password, refusals told apart, rate limits), demo keys only in demo mode,
//! and service-account mode behind a team password or an authenticating proxy.

use std::sync::Arc;

use crate::common::TestServer;
use runai_sim::{SimSettings, Simulator, SystemClock};
use server::config::{AuthArgs, AuthMode, SettingsArgs};
use tokio::net::TcpListener;
/// A simulator reached over HTTP, as a real control plane is.
async fn standalone_simulator() -> String {
    let sim = Simulator::new(&SimSettings::default(), Arc::new(SystemClock));
    let addr = runai_sim::spawn(sim, TcpListener::bind("127.0.0.1:0").await.unwrap()).unwrap();
    format!("http://{addr}")
}

/// A dashboard in user mode against a standalone simulator, nobody signed in.
async fn user_mode(auth: AuthArgs) -> TestServer {
    TestServer::start_signed_out(SettingsArgs {
        runai: server::config::RunaiArgs {
            url: Some(standalone_simulator().await),
            ..Default::default()
        },
        auth,
        ..Default::default()
    })
    .await
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn sign_in_refusals_say_wrong_key_or_no_access_and_failures_are_rate_limited() {
    let server = user_mode(AuthArgs::default()).await;
    let try_key = |id: &'static str, secret: &'static str| {
        let http = server.http.clone();
        let url = server.url("/login");
        async move {
            let response = http
                .post(url)
                .form(&[("client_id", id), ("client_secret", secret)])
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let retry = response
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_owned());
            (status, response.text().await.unwrap(), retry)
        }
    };
    let (status, message, _) = try_key("alice", "wrong").await;
    assert_eq!(status, 401);
    assert!(
        message.contains("did not accept that access key"),
        "{message}"
    );
    let (status, message, _) = try_key("guest", "guest").await;
    assert_eq!(status, 403);
    assert!(message.contains("no access to workloads"), "{message}");

    // Four more failures for alice's key from this address reach its limit (each
    // slower than the last)…
    for _ in 0..4 {
        assert_eq!(try_key("alice", "wrong").await.0, 401);
    }
    let (status, message, retry) = try_key("alice", "alice").await;
    assert_eq!(status, 429, "even the right secret waits: {message}");
    assert!(message.contains("Too many failed sign-ins"), "{message}");
    let retry: u64 = retry.expect("Retry-After").parse().unwrap();
    assert!(retry > 800 && retry <= 900, "{retry}");
    // …and a browser is sent back to the page with the message's code.
    let (status, _) = server
        .post_form(
            "/login",
            &[("client_id", "alice"), ("client_secret", "alice")],
        )
        .await;
    assert_eq!(status, 303);
    let response = server
        .http
        .post(server.url("/login"))
        .header("accept", "text/html")
        .form(&[("client_id", "alice"), ("client_secret", "alice")])
        .send()
        .await
        .unwrap();
    let to = location(&response);
    assert!(
        to.contains("error=too_many") && to.contains("retry="),
        "{to}"
    );
    let (_, html) = server.get(&to).await;
    assert!(
        html.contains("Too many failed sign-ins. Try again in"),
        "{html}"
    );

    // Another key from the same address is still let in (the address has 6 of 20).
    assert_eq!(server.sign_in_key("bob", "bob").await, 303);
}

#[tokio::test]
async fn user_mode_with_password_sign_in_and_scoped_data() {
    let server = user_mode(AuthArgs {
        password_sign_in: Some(true),
        ..Default::default()
    })
    .await;
    let (_, html) = server.get("/login").await;
    assert!(html.contains("User name") && !html.contains("Sign in as"));
    let (status, _) = server
        .post_form("/login", &[("username", "bob"), ("password", "bob")])
        .await;
    assert_eq!(status, 303);
    let page = server.rows("limit=50").await;
    assert!(!page.rows.is_empty());
    assert!(page.rows.iter().all(|r| r.department == "applied-ml"));
}

#[tokio::test]
async fn demo_identities_are_not_offered_outside_demo_mode() {
    let server = user_mode(AuthArgs::default()).await;
    let response = server
        .http
        .post(server.url("/login"))
        .form(&[("demo", "runboard-admin")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let response = server
        .http
        .post(server.url("/login"))
        .form(&[("username", "alice"), ("password", "alice")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400, "password sign-in is off by default");
}

#[tokio::test]
async fn service_account_mode_with_a_shared_password() {
    let server = TestServer::start_signed_out(SettingsArgs {
        auth: AuthArgs {
            mode: Some(AuthMode::ServiceAccount),
            guard_password: Some(runai::Secret::new("team-password")),
            ..Default::default()
        },
        ..Default::default()
    })
    .await;
    let (_, html) = server.get("/login").await;
    assert!(html.contains("Dashboard password"), "{html}");
    assert!(!html.contains("Client secret"));
    let response = server
        .http
        .post(server.url("/login"))
        .form(&[("guard_password", "nope")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("not the dashboard password")
    );
    let (status, _) = server
        .post_form("/login", &[("guard_password", "team-password")])
        .await;
    assert_eq!(status, 303);
    let identity: app::components::Identity = server
        .http
        .post(server.url("/api/identity"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(identity.principal, "team password");
    assert_eq!(identity.acting_as.as_deref(), Some("runboard-admin"));
    assert!(server.rows("limit=5").await.total > 0);
}

/// Service-account mode behind a proxy that names people in `X-Forwarded-User`, the
/// proxy's addresses being `trusted_proxies`.
async fn behind_proxy(trusted_proxies: &str) -> TestServer {
    TestServer::start_signed_out(SettingsArgs {
        auth: AuthArgs {
            mode: Some(AuthMode::ServiceAccount),
            guard_header: Some("X-Forwarded-User".into()),
            ..Default::default()
        },
        exposure: server::config::ExposureArgs {
            trusted_proxies: Some(trusted_proxies.into()),
            ..Default::default()
        },
        ..Default::default()
    })
    .await
}

#[tokio::test]
async fn service_account_mode_behind_an_authenticating_proxy() {
    // The test client connects from 127.0.0.1: here it is the proxy.
    let server = behind_proxy("127.0.0.1").await;
    assert_eq!(server.get("/workloads").await.0, 303, "no header, no entry");
    let (_, html) = server.get("/login").await;
    assert!(
        html.contains("did not come through it")
            && !html.to_lowercase().contains("x-forwarded-user"),
        "the page does not tell visitors the header's name: {html}"
    );
    let options = server.sign_in_options().await;
    assert_eq!(options.guard, Some(app::auth::GuardKind::Header));
    let response = server
        .http
        .get(server.url("/workloads"))
        .header("x-forwarded-user", "jane@example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("jane@example.com"), "{html}");
}

#[tokio::test]
async fn a_proxy_header_from_an_untrusted_address_is_refused() {
    // Only 10.0.0.0/8 is the proxy; the test client (127.0.0.1) is not.
    let server = behind_proxy("10.0.0.0/8").await;
    let response = server
        .http
        .get(server.url("/workloads"))
        .header("x-forwarded-user", "mallory@example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let message = response.text().await.unwrap();
    assert!(
        message.contains("did not come through a trusted proxy"),
        "{message}"
    );
    assert!(!message.contains("mallory"), "{message}");
    // Claiming to be forwarded by the proxy does not help either.
    let response = server
        .http
        .get(server.url("/api/identity"))
        .header("x-forwarded-user", "mallory@example.com")
        .header("x-forwarded-for", "10.0.0.1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[test]
fn the_header_guard_without_trusted_proxies_refuses_to_start() {
    let args = SettingsArgs {
        auth: AuthArgs {
            mode: Some(AuthMode::ServiceAccount),
            guard_header: Some("X-Forwarded-User".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let err = server::config::Settings::from_layers(args, Default::default()).unwrap_err();
    assert!(
        err.to_string().contains("RUNBOARD_TRUSTED_PROXIES"),
        "{err}"
    );
}
