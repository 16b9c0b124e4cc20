//! Two `runboard` replicas sharing sessions in a real `redis-server`: sign in on one,
//! keep working on the other after the first dies.
//!
//! `redis-server` (Debian package) must be on PATH; `scripts/test.sh` installs it.

use crate::common::{
    browser,
    process::{
        ADMIN_SECRET, SESSION_KEY, dashboard, free_port, redis_server, sign_in, simulator,
        status_of,
    },
};
use tokio::process::Command;

#[tokio::test]
async fn two_replicas_on_one_redis_share_sessions_and_survive_one_dying() {
    let port = free_port().await;
    let port_text = port.to_string();
    let redis = redis_server(port).await;
    let redis_url = format!("redis://127.0.0.1:{port}/0");
    let (_sim, sim_url) = simulator().await;
    let env = [
        ("RUNAI_URL", sim_url.as_str()),
        ("RUNBOARD_SESSION_REDIS_URL", redis_url.as_str()),
        ("RUNBOARD_SESSION_KEY", SESSION_KEY),
    ];
    let (mut first, first_url) = dashboard(&env).await;
    let (second, second_url) = dashboard(&env).await;

    let http = browser();
    sign_in(&http, &first_url, "runboard-admin", ADMIN_SECRET).await;
    // The cookie jar sends the one session cookie to both replicas (same host).
    let (status, html) = {
        let response = http
            .get(format!("{second_url}/workloads"))
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    };
    assert_eq!(status, 200, "the second replica knows the session");
    assert!(html.contains("<strong>runboard-admin</strong>"));

    first.child.kill().await.unwrap();
    for path in ["/overview", "/workloads?limit=20"] {
        assert_eq!(
            status_of(&http, format!("{second_url}{path}")).await,
            200,
            "{path} with the first replica gone: no sign-in asked"
        );
    }
    // An unknown page says so rather than asking to sign in.
    assert_eq!(
        status_of(&http, format!("{second_url}/no/such/page")).await,
        404,
        "an unknown page with the first replica gone: no sign-in asked"
    );
    let response = http
        .post(format!("{second_url}/api/workloads_page"))
        .form(&[("query", "limit=3")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    // What Redis holds is the sealed key, never the secret itself.
    let dump = Command::new("redis-cli")
        .args(["-p", &port_text, "--scan"])
        .output()
        .await
        .expect("redis-cli (from the redis-tools package)");
    let keys = String::from_utf8_lossy(&dump.stdout).to_string();
    assert!(!keys.trim().is_empty(), "a session is stored in Redis");
    for key in keys.lines() {
        let value = Command::new("redis-cli")
            .args(["-p", &port_text, "GET", key])
            .output()
            .await
            .unwrap();
        let value = String::from_utf8_lossy(&value.stdout);
        assert!(
            !value.contains(ADMIN_SECRET),
            "the stored session is sealed"
        );
    }

    // Signing out on the survivor ends the session everywhere.
    let response = http
        .post(format!("{second_url}/logout"))
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(
        status_of(&http, format!("{second_url}/overview")).await,
        303
    );
    assert!(!second.log().contains(ADMIN_SECRET));
    drop(redis);
}
