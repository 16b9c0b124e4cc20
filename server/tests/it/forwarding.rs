//! The one forwarding header, end to end: behind a proxy that appends to it, a client's
//! forged copy of the other header neither lets it escape the sign-in limits nor lets
//! it lock someone else out.

use crate::common::{TestServer, browser};
use server::{
    config::{ExposureArgs, SettingsArgs},
    peer::ForwardedHeader,
};

/// A demo dashboard behind a trusted proxy (the test, on 127.0.0.1) that names the
/// client in `header`.
async fn behind_proxy(header: ForwardedHeader) -> TestServer {
    TestServer::start_signed_out(SettingsArgs {
        exposure: ExposureArgs {
            trusted_proxies: Some("127.0.0.1".into()),
            forwarded_header: Some(header),
            ..Default::default()
        },
        ..Default::default()
    })
    .await
}

/// Signs in as alice with `secret`, the request carrying `headers`; the status.
async fn alice_with(server: &TestServer, secret: &str, headers: &[(&str, String)]) -> u16 {
    let mut request = browser()
        .post(server.url("/login"))
        .form(&[("client_id", "alice"), ("client_secret", secret)]);
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    request.send().await.unwrap().status().as_u16()
}

/// Thirty wrong secrets from `attacker`'s headers: how many reached Run:ai (401) and
/// how many were refused (429).
async fn thirty_guesses(
    server: &TestServer,
    attacker: impl Fn(usize) -> Vec<(&'static str, String)>,
) -> (usize, usize) {
    let mut counts = (0, 0);
    for n in 0..30 {
        match alice_with(server, &format!("guess-{n}"), &attacker(n)).await {
            401 => counts.0 += 1,
            429 => counts.1 += 1,
            other => panic!("guess {n}: {other}"),
        }
    }
    counts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_proxy_appending_x_forwarded_for_a_forged_forwarded_is_ignored() {
    let server = behind_proxy(ForwardedHeader::XForwardedFor).await;
    // The attacker changes `Forwarded` at every guess; the proxy appends its address.
    let counts = thirty_guesses(&server, |n| {
        vec![
            ("forwarded", format!("for=192.0.2.{n}")),
            ("x-forwarded-for", "203.0.113.66".to_owned()),
        ]
    })
    .await;
    assert_eq!(
        counts,
        (5, 25),
        "the limit holds for the attacker's address"
    );
    // Five wrong secrets claiming alice's address do not lock alice out.
    for n in 0..5 {
        let forged = vec![
            ("forwarded", "for=198.51.100.20".to_owned()),
            ("x-forwarded-for", "203.0.113.67".to_owned()),
        ];
        assert_eq!(alice_with(&server, &format!("x-{n}"), &forged).await, 401);
    }
    let alice = vec![("x-forwarded-for", "198.51.100.20".to_owned())];
    assert_eq!(alice_with(&server, "alice", &alice).await, 303);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_proxy_setting_forwarded_a_forged_x_forwarded_for_is_ignored() {
    let server = behind_proxy(ForwardedHeader::Forwarded).await;
    let counts = thirty_guesses(&server, |n| {
        vec![
            ("x-forwarded-for", format!("192.0.2.{n}")),
            ("forwarded", "for=203.0.113.66".to_owned()),
        ]
    })
    .await;
    assert_eq!(counts, (5, 25));
    for n in 0..5 {
        let forged = vec![
            ("x-forwarded-for", "198.51.100.20".to_owned()),
            ("forwarded", "for=203.0.113.67".to_owned()),
        ];
        assert_eq!(alice_with(&server, &format!("x-{n}"), &forged).await, 401);
    }
    let alice = vec![("forwarded", "for=198.51.100.20".to_owned())];
    assert_eq!(alice_with(&server, "alice", &alice).await, 303);
}
