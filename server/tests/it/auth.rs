//! Sign-in and sessions through the real server on port 0: redirects to
//! `/login?next=`, open-redirect refusal, cookie flags, rotation, sign-out, cross-site
//! refusal and security headers. The modes themselves: `sign_in_modes.rs`.

use crate::common::TestServer;
use server::config::SettingsArgs;

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}
#[tokio::test]
async fn a_deep_link_goes_to_sign_in_and_comes_back_to_the_same_url() {
    let server = TestServer::start_signed_out(SettingsArgs::default()).await;
    let deep = "/workloads?filterBy=phase%3D%3DRunning&sortBy=name&limit=20";
    let response = server.http.get(server.url(deep)).send().await.unwrap();
    assert_eq!(response.status(), 303);
    let login = location(&response);
    assert_eq!(
        login,
        "/login?next=%2Fworkloads%3FfilterBy%3Dphase%253D%253DRunning%26sortBy%3Dname%26limit%3D20"
    );

    let (status, html) = server.get(&login).await;
    assert_eq!(status, 200);
    for text in [
        "Sign in to Runboard",
        "Sign in as runboard-admin",
        "Sign in as alice",
        "sees only the research department",
        "Client ID",
        "Client secret",
    ] {
        assert!(html.contains(text), "{text} on the sign-in page");
    }

    let next = url_param(&login, "next");
    assert_eq!(next, deep);
    let response = server
        .http
        .post(server.url("/login"))
        .header("accept", "text/html")
        .form(&[("demo", "alice"), ("next", next.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), deep, "back to the very same URL");
    let (status, html) = server.get(deep).await;
    assert_eq!(status, 200);
    assert!(html.contains("Signed in as"), "{html}");
    assert!(html.contains("<strong>alice</strong>"));
}

fn url_param(url: &str, name: &str) -> String {
    let query = url.split_once('?').unwrap().1;
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap()
}

#[tokio::test]
async fn server_functions_and_exports_need_a_session() {
    let server = TestServer::start_signed_out(SettingsArgs::default()).await;
    for endpoint in ["/api/workloads_page", "/api/identity", "/api/ledger"] {
        let response = server
            .http
            .post(server.url(endpoint))
            .form(&[("query", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401, "{endpoint}");
        let body = response.text().await.unwrap();
        assert!(body.contains("sign in again"), "{endpoint}: {body}");
    }
    let response = server
        .http
        .get(server.url("/export/workloads.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert!(location(&response).starts_with("/login?next=%2Fexport%2Fworkloads.csv"));
    let (status, _) = server.get("/healthz").await;
    assert_eq!(status, 200, "health stays public");
}

#[tokio::test]
async fn open_redirects_are_refused() {
    let server = TestServer::start_signed_out(SettingsArgs::default()).await;
    for next in [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
    ] {
        let response = server
            .http
            .post(server.url("/login"))
            .form(&[("demo", "alice"), ("next", next)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "{next:?}");
        assert_eq!(location(&response), "/workloads", "{next:?}");
    }
}

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("runboard_session=") || c.starts_with("__Host-runboard_session="))
}

fn cookie_value(set_cookie: &str) -> String {
    set_cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("runboard_session=")
        .to_owned()
}

/// GET `path` with only this session cookie (a different browser holding it).
async fn with_cookie(server: &TestServer, path: &str, value: &str) -> u16 {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(server.url(path))
        .header("cookie", format!("runboard_session={value}"))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn the_cookie_is_opaque_httponly_lax_rotated_at_sign_in_and_deleted_at_sign_out() {
    let server = TestServer::start_signed_out(SettingsArgs::default()).await;
    let sign_in = || async {
        server
            .http
            .post(server.url("/login"))
            .form(&[("demo", "bob")])
            .send()
            .await
            .unwrap()
    };
    let first = sign_in().await;
    let cookie = session_cookie(&first).expect("a session cookie");
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} in {cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain http by default: {cookie}"
    );
    assert!(
        cookie.contains("Max-Age=28800"),
        "the idle lifetime (8 h by default): {cookie}"
    );
    // Busy pages do not write the session back on every request: the sign-in stamped
    // it, and the next renewal is due a minute later.
    for path in ["/workloads", "/overview", "/favicon.svg"] {
        let response = server.http.get(server.url(path)).send().await.unwrap();
        assert_eq!(
            session_cookie(&response),
            None,
            "{path} rewrote the session"
        );
    }
    let first_id = cookie_value(&cookie);
    assert!(!first_id.contains("bob") && first_id.len() >= 20);
    assert_eq!(with_cookie(&server, "/workloads", &first_id).await, 200);

    // Signing in again, holding the first cookie, rotates the id.
    let second = sign_in().await;
    let second_id = cookie_value(&session_cookie(&second).expect("a new cookie"));
    assert_ne!(first_id, second_id, "the session id is rotated at sign-in");
    assert_eq!(
        with_cookie(&server, "/workloads", &first_id).await,
        303,
        "the old id is worthless"
    );

    let (status, _) = server.post_form("/logout", &[]).await;
    assert_eq!(status, 303);
    assert_eq!(
        with_cookie(&server, "/workloads", &second_id).await,
        303,
        "sign-out deleted the session from the store"
    );
    assert_eq!(server.get("/workloads").await.0, 303);
}

#[tokio::test]
async fn secure_cookies_when_configured() {
    let server = TestServer::start_signed_out(SettingsArgs {
        secure_cookies: Some(true),
        ..Default::default()
    })
    .await;
    let response = server
        .http
        .post(server.url("/login"))
        .form(&[("demo", "alice")])
        .send()
        .await
        .unwrap();
    let cookie = session_cookie(&response).unwrap();
    assert!(cookie.contains("Secure"));
    // `__Host-`: browsers keep it only Secure, for this host alone and `Path=/`.
    assert!(cookie.starts_with("__Host-runboard_session="), "{cookie}");
    for attribute in ["HttpOnly", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");

    // Sign-out clears it with a cookie the browser accepts for a `__Host-` name:
    // Secure, `Path=/`, no `Domain`.
    let value = cookie.split(';').next().unwrap().to_owned();
    let response = server
        .http
        .post(server.url("/logout"))
        .header("cookie", &value)
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let removals: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .filter(|c| c.starts_with("__Host-runboard_session="))
        .collect();
    assert!(!removals.is_empty(), "sign-out sets no cookie");
    for removal in &removals {
        assert!(removal.contains("Max-Age=0"), "{removal}");
        for attribute in ["Secure", "Path=/"] {
            assert!(removal.contains(attribute), "{removal}");
        }
        assert!(!removal.contains("Domain"), "{removal}");
    }
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let server = TestServer::start(SettingsArgs::default()).await;
    for (name, value) in [
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
        ("origin", "http://evil.example"),
        ("origin", "null"),
    ] {
        for path in ["/api/workloads_page", "/login", "/logout"] {
            let response = server
                .http
                .post(server.url(path))
                .header(name, value)
                .form(&[("query", ""), ("demo", "alice")])
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 403, "{path} with {name}: {value}");
            assert!(
                response
                    .text()
                    .await
                    .unwrap()
                    .contains("cross-site request refused")
            );
        }
    }
    // Our own pages' calls pass.
    let response = server
        .http
        .post(server.url("/api/workloads_page"))
        .header("origin", server.base.clone())
        .header("sec-fetch-site", "same-origin")
        .form(&[("query", "limit=1")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn the_sign_in_form_loads_no_wasm_while_pages_with_islands_do() {
    let server = TestServer::start(SettingsArgs::default()).await;
    let (status, login) = server.get("/login").await;
    assert_eq!(status, 200);
    assert!(login.contains("<form"), "{login}");
    // The islands' loader names the WASM module it fetches.
    assert!(!login.contains("wasm_output_name"), "{login}");
    let (_, table) = server.get("/workloads").await;
    assert!(table.contains("wasm_output_name"), "{table}");
}

#[tokio::test]
async fn pages_carry_a_nonce_csp_and_security_headers() {
    let server = TestServer::start(SettingsArgs::default()).await;
    for path in ["/workloads", "/login", "/overview"] {
        let response = server.http.get(server.url(path)).send().await.unwrap();
        let headers = response.headers().clone();
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "same-origin");
        assert_eq!(headers["x-frame-options"], "DENY");
        let csp = headers["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
        assert!(
            !csp.contains("'unsafe-inline' 'nonce")
                && !csp.contains("script-src 'self' 'unsafe-inline'")
        );
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("a nonce in the policy")
            .to_owned();
        let html = response.text().await.unwrap();
        assert!(
            path == "/login" || html.contains(&format!("nonce=\"{nonce}\"")),
            "{path}: the hydration script carries the policy's nonce"
        );
        let inline_scripts = html.matches("<script").count();
        let allowed = html.matches(&format!("nonce=\"{nonce}\"")).count()
            + html.matches("<script defer src=\"/vendor/").count()
            + html.matches("<script src=").count();
        assert!(
            inline_scripts <= allowed,
            "{path}: every script is allowed by the policy"
        );
    }
    let response = server
        .http
        .get(server.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'"
    );
}
