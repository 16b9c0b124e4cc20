//! A refresh that changes nothing costs nothing: the table page and server-function
//! answers carry a validator, a request naming the current one gets `304` with no body,
//! and a change upstream brings the new answer.

use std::time::Duration;

use crate::common::{Sim, TestServer};
use server::config::{RunaiArgs, SettingsArgs};

/// The dashboard in front of `sim` (whose clock stands still until a test moves it),
/// signed in with the admin's key.
async fn in_front_of(sim: &Sim) -> TestServer {
    let server = TestServer::start_signed_out(SettingsArgs {
        runai: RunaiArgs {
            url: Some(sim.url.clone()),
            ..Default::default()
        },
        ..Default::default()
    })
    .await;
    assert_eq!(
        server.sign_in_key("runboard-admin", "runboard-admin").await,
        303
    );
    server
}

/// GETs `path` naming `held` as the answer on hand: the status, the validator and the
/// body.
async fn get(server: &TestServer, path: &str, held: Option<&str>) -> (u16, String, String) {
    let mut request = server.http.get(server.url(path));
    if let Some(held) = held {
        request = request.header("if-none-match", held);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let etag = response
        .headers()
        .get("etag")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, etag, response.text().await.unwrap())
}

const TABLE: &str = "/workloads?sortBy=name&limit=20&refresh=5s";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unchanged_table_is_answered_304_and_a_change_brings_the_new_one() {
    let sim = Sim::start_at_real_time().await;
    let server = in_front_of(&sim).await;

    let (status, etag, body) = get(&server, TABLE, None).await;
    assert_eq!(status, 200);
    assert!(body.contains("id=\"results\""));
    assert!(
        etag.starts_with("W/\"") && etag.len() > 10,
        "a weak validator: {etag:?}"
    );

    // Nothing changed upstream: no body, the same validator.
    let (status, again, body) = get(&server, TABLE, Some(&etag)).await;
    assert_eq!((status, body.as_str()), (304, ""));
    assert_eq!(again, etag);

    // Another view of the same data is another answer.
    let (status, other, _) = get(&server, "/workloads?sortBy=name&limit=10", Some(&etag)).await;
    assert_eq!(status, 200);
    assert_ne!(other, etag);

    // An hour passes on the cluster: workloads start, finish and wait longer. Once the
    // dashboard's read cache lets go of the old answer, the new page comes whole.
    sim.clock.advance(3_600_000);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let (status, changed, body) = get(&server, TABLE, Some(&etag)).await;
        if status == 200 {
            assert_ne!(changed, etag);
            assert!(body.contains("id=\"results\""));
            break;
        }
        assert_eq!(status, 304);
        assert!(
            tokio::time::Instant::now() < deadline,
            "still 304 after 20 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn server_function_answers_carry_a_validator_and_304_when_unchanged() {
    let sim = Sim::start_at_real_time().await;
    let server = in_front_of(&sim).await;
    let call = |held: Option<String>| {
        let mut request = server
            .http
            .post(server.url("/api/identity"))
            .header("sec-fetch-site", "same-origin");
        if let Some(held) = held {
            request = request.header("if-none-match", held);
        }
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let etag = response.headers().get("etag").cloned();
            (status, etag, response.bytes().await.unwrap())
        }
    };
    let (status, etag, body) = call(None).await;
    assert_eq!(status, 200);
    assert!(!body.is_empty());
    let etag = etag.expect("a validator").to_str().unwrap().to_owned();
    let (status, _, body) = call(Some(etag.clone())).await;
    assert_eq!((status, body.len()), (304, 0));
    let (status, _, _) = call(Some("W/\"someone-elses\"".to_owned())).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn pages_that_record_no_data_and_refusals_carry_no_validator() {
    let sim = Sim::start_at_real_time().await;
    let server = in_front_of(&sim).await;
    for (path, status) in [
        // Streamed: its headers leave before its data is known.
        ("/overview", 200),
        ("/workloads?sortBy=nonsense", 400),
        ("/no/such/page", 404),
    ] {
        let (got, etag, _) = get(&server, path, Some("*")).await;
        assert_eq!((got, etag.as_str()), (status, ""), "{path}");
    }
    // Signed out, the table is not answered at all, let alone 304.
    let response = crate::common::browser()
        .get(server.url(TABLE))
        .header("if-none-match", "*")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
}
