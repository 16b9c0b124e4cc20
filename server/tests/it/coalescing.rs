//! N viewers cost the upstream one call: a crowd watching the same view with 5 s
//! auto-refresh (ticks on the wall clock's multiples of 5 s, as the pages do, plus up
//! to a second of clock skew and network) makes one list call per refresh at the
//! control plane — counted by a recording proxy in front of the simulator — while
//! people with different permissions never share an answer.

use crate::common::{
    Sim, TestServer, browser,
    crowd::{next_tick, refresh_on_the_ticks},
    proxy::{calls_to, recording_proxy},
};
use server::config::SettingsArgs;

const VIEWERS: usize = 100;
const REFRESHES: u64 = 3;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_viewers_refreshing_every_5_s_make_one_list_call_per_refresh() {
    let sim = Sim::start_at_real_time().await;
    let (proxy, calls) = recording_proxy(sim.url.clone()).await;
    let metrics_port = crate::common::process::free_port().await;
    let dashboard = TestServer::start_signed_out(SettingsArgs {
        runai: server::config::RunaiArgs {
            url: Some(proxy),
            ..Default::default()
        },
        ops: server::config::ops::OpsArgs {
            metrics_addr: Some(format!("127.0.0.1:{metrics_port}").parse().unwrap()),
            ..Default::default()
        },
        // A hundred sign-ins with one key from one address within the hour: more than
        // the defaults allow one person (60), as a team sharing a key would configure.
        sign_in_limits: server::config::SignInLimitArgs {
            session_max_per_person: Some(VIEWERS),
            sign_ins_per_person_per_hour: Some(VIEWERS as u32),
            sign_ins_per_address_per_hour: None,
        },
        ..Default::default()
    })
    .await;
    // A hundred people, each with their own session (same Run:ai key: a team sharing
    // one service account, or one person on many screens).
    let mut viewers = Vec::new();
    for _ in 0..VIEWERS {
        let http = browser();
        let response = http
            .post(dashboard.url("/login"))
            .form(&[
                ("client_id", "runboard-admin"),
                ("client_secret", "runboard-admin"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
        viewers.push(http);
    }

    // Start on a fresh 5 s tick.
    let first = next_tick();
    calls.lock().unwrap().clear();
    let url = dashboard.url("");
    let viewers = viewers
        .into_iter()
        .map(|http| (http, url.clone()))
        .collect();
    refresh_on_the_ticks(viewers, "sortBy=name&limit=50", first, REFRESHES).await;
    let calls = calls.lock().unwrap().clone();
    let lists = calls
        .iter()
        .filter(|c| c.path == "/api/v1/workloads")
        .count();
    let counts = calls
        .iter()
        .filter(|c| c.path == "/api/v1/workloads/count")
        .count();
    println!(
        "{} viewers × {REFRESHES} refreshes = {} page loads → {lists} list calls, {counts} count calls",
        VIEWERS,
        VIEWERS as u64 * REFRESHES
    );
    assert_eq!(lists as u64, REFRESHES, "one list call per refresh");
    // The total and the six phase chips: at most seven counts per refresh (the total
    // may still be cached from the sign-ins' own check of the key).
    assert!(counts as u64 <= 7 * REFRESHES, "{counts} count calls");
    // The cache's own account, on /metrics.
    let metrics = crate::common::metrics_text(metrics_port).await;
    assert!(
        metrics.contains(r#"runboard_upstream_cache_total{result="hit"}"#),
        "{metrics}"
    );
}

#[tokio::test]
async fn people_with_different_permissions_never_share_an_answer() {
    let sim = Sim::start_at_real_time().await;
    let (proxy, calls) = recording_proxy(sim.url.clone()).await;
    let args = || SettingsArgs {
        runai: server::config::RunaiArgs {
            url: Some(proxy.clone()),
            ..Default::default()
        },
        ..Default::default()
    };
    // Two people on one dashboard, asking the same thing at the same moment.
    let alice = TestServer::start_signed_out(args()).await;
    assert_eq!(alice.sign_in_key("alice", "alice").await, 303);
    let bob = browser();
    let signed_in = bob
        .post(alice.url("/login"))
        .form(&[("client_id", "bob"), ("client_secret", "bob")])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303);
    calls.lock().unwrap().clear();
    let bobs_rows = async {
        bob.post(alice.url("/api/workloads_page"))
            .form(&[("query", "limit=500")])
            .send()
            .await
            .unwrap()
            .json::<app::pages::workloads::data::WorkloadsAnswer>()
            .await
            .unwrap()
    };
    let (for_alice, for_bob) = tokio::join!(alice.rows("limit=500"), bobs_rows);
    let departments = |page: &app::pages::workloads::data::WorkloadsAnswer| {
        page.rows
            .iter()
            .map(|r| r.department.clone())
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert_eq!(departments(&for_alice), ["research".to_owned()].into());
    assert_eq!(departments(&for_bob), ["applied-ml".to_owned()].into());
    let lists = calls_to(&calls, "/api/v1/workloads");
    assert_eq!(lists, 2, "one list call each");
}
