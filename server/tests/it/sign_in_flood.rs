//! One account signing in over and over: it only ever ends its own oldest sessions,
//! never anyone else's, and successful sign-ins are limited per person and per address.

use crate::common::{TestServer, browser};
use server::config::{ExposureArgs, SettingsArgs, SignInLimitArgs};

/// POSTs an access key to `/login` from `address` (the test plays the trusted proxy);
/// the status, the session cookie if one was set, and the body.
async fn sign_in_from(
    server: &TestServer,
    address: &str,
    id: &str,
    secret: &str,
) -> (u16, Option<String>, String) {
    let response = browser()
        .post(server.url("/login"))
        .header("x-forwarded-for", address)
        .header("sec-fetch-site", "same-origin")
        .form(&[("client_id", id), ("client_secret", secret)])
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let cookie = response
        .headers()
        .get("set-cookie")
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_owned());
    (status, cookie, response.text().await.unwrap())
}

/// Whether the session `cookie` is signed in: the table answers instead of sending
/// the person to sign in.
async fn signed_in(server: &TestServer, cookie: &str) -> bool {
    let response = browser()
        .get(server.url("/workloads?limit=1"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    response.status() == 200
}

/// A demo dashboard that believes `X-Forwarded-For` from the test, with `limits`.
async fn dashboard(limits: SignInLimitArgs, session_max_live: u64) -> TestServer {
    TestServer::start_signed_out(SettingsArgs {
        exposure: ExposureArgs {
            trusted_proxies: Some("127.0.0.1".into()),
            session_max_live: Some(session_max_live),
            ..Default::default()
        },
        sign_in_limits: limits,
        ..Default::default()
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_one_accounts_sign_ins_never_signs_anyone_else_out() {
    // A store of 50 sessions at most, 10 per person; the hourly limits out of the way,
    // so that the flood runs in full.
    let server = dashboard(
        SignInLimitArgs {
            session_max_per_person: Some(10),
            sign_ins_per_person_per_hour: Some(100_000),
            sign_ins_per_address_per_hour: Some(100_000),
        },
        50,
    )
    .await;
    let (status, bob, _) = sign_in_from(&server, "198.51.100.2", "bob", "bob").await;
    assert_eq!(status, 303);
    let bob = bob.unwrap();
    let (_, alice_first, _) = sign_in_from(&server, "198.51.100.1", "alice", "alice").await;
    let alice_first = alice_first.unwrap();

    // 2,000 more sign-ins as alice, eight at a time: forty times the store's cap.
    let mut flood = tokio::task::JoinSet::new();
    for worker in 0..8 {
        // No cookie jar: every sign-in starts a new session, as a script's would.
        let url = server.url("/login");
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        flood.spawn(async move {
            for _ in 0..250 {
                let response = http
                    .post(&url)
                    .header("x-forwarded-for", format!("198.51.100.{}", 10 + worker))
                    .header("sec-fetch-site", "same-origin")
                    .form(&[("client_id", "alice"), ("client_secret", "alice")])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 303);
            }
        });
    }
    while let Some(done) = flood.join_next().await {
        done.unwrap();
    }
    assert!(
        signed_in(&server, &bob).await,
        "bob was signed out by alice's flood"
    );
    assert!(
        !signed_in(&server, &alice_first).await,
        "alice's own oldest session ends first"
    );
    let (status, newest, _) = sign_in_from(&server, "198.51.100.1", "alice", "alice").await;
    assert_eq!(status, 303);
    assert!(
        signed_in(&server, &newest.unwrap()).await,
        "alice's newest session lives"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn successful_sign_ins_are_limited_per_person_and_per_address() {
    let server = dashboard(
        SignInLimitArgs {
            session_max_per_person: None,
            sign_ins_per_person_per_hour: Some(5),
            sign_ins_per_address_per_hour: Some(8),
        },
        1_000,
    )
    .await;
    let (here, there) = ("198.51.100.1", "198.51.100.2");
    for n in 0..5 {
        assert_eq!(
            sign_in_from(&server, here, "alice", "alice").await.0,
            303,
            "sign-in {n}"
        );
    }
    // The sixth within the hour is refused, from anywhere, and says why and how long.
    for address in [here, there] {
        let (status, cookie, message) = sign_in_from(&server, address, "alice", "alice").await;
        assert_eq!(status, 429, "{message}");
        assert!(cookie.is_none());
        assert!(
            message.contains("Too many sign-ins for this account or from this address"),
            "{message}"
        );
        assert!(message.contains("Try again in 12 minutes"), "{message}");
    }
    // bob shares the address's hourly allowance (8): three more from here, then none.
    for _ in 0..3 {
        assert_eq!(sign_in_from(&server, here, "bob", "bob").await.0, 303);
    }
    assert_eq!(sign_in_from(&server, here, "bob", "bob").await.0, 429);
    assert_eq!(sign_in_from(&server, there, "bob", "bob").await.0, 303);
}
