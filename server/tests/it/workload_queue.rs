//! The queue panel of a pending workload: on the page, consistent with the scheduler's
//! order, absent on a running workload, and cheap: viewers of different pending
//! workloads in one node pool share the upstream list calls.

use crate::common::{
    TestServer, browser,
    process::sign_in,
    proxy::{list_calls_by_query, watched_dashboard},
};
use app::{
    pages::workloads::row::QueuePlace,
    queue::{WaitReason, standing::QueueStanding},
};
use server::config::SettingsArgs;

async fn standing_of(server: &TestServer, id: &str) -> Option<QueueStanding> {
    let response = server
        .http
        .post(server.url("/api/workload_queue"))
        .form(&[("id", id)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_pending_workload_shows_its_queue_and_a_running_one_does_not() {
    let server = TestServer::start(SettingsArgs::default()).await;
    let pending = server
        .rows("filterBy=phase%3D%3DPending&limit=1")
        .await
        .rows[0]
        .id
        .clone();
    let (status, html) = server.get(&format!("/workloads/{pending}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(r#"<h2 id="queue-heading">Queue</h2>"#),
        "{html}"
    );
    assert!(
        html.contains("Position ") || html.contains("Not in line for free GPUs"),
        "the position, or why it has none"
    );
    assert!(
        html.contains("Likely to ") || html.contains("Not enough history"),
        "the estimate, or why there is none"
    );
    let standing = standing_of(&server, &pending).await.expect("it is pending");
    assert_eq!(standing.position, standing.ahead.len() + 1);
    assert!(standing.ahead.iter().all(|entry| entry.blocked.is_none()));
    assert!(
        standing
            .blocked_earlier
            .iter()
            .all(|entry| entry.blocked.is_some())
    );
    assert!(standing.competing >= standing.position);
    for pair in standing.ahead.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(
            a.priority > b.priority
                || (a.priority == b.priority && a.created_at_ms <= b.created_at_ms),
            "scheduler order: {a:?} before {b:?}"
        );
    }

    let running = server
        .rows("filterBy=phase%3D%3DRunning&limit=1")
        .await
        .rows[0]
        .id
        .clone();
    let (status, html) = server.get(&format!("/workloads/{running}")).await;
    assert_eq!(status, 200);
    assert!(
        !html.contains("queue-heading"),
        "no queue for a running workload"
    );
    assert_eq!(standing_of(&server, &running).await, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_viewers_of_twenty_pending_workloads_in_one_pool_share_the_list_calls() {
    // Large enough that one node pool has twenty waiting at start-up.
    let (_sim, dashboard, calls) = watched_dashboard(20_000, Default::default()).await;
    // The node pool (of one cluster) with the most pending workloads, and twenty of them.
    let pending = dashboard
        .rows("filterBy=phase%3D%3DPending&limit=500")
        .await
        .rows;
    let mut pools: Vec<((String, String), usize)> = Vec::new();
    for row in &pending {
        for pool in &row.nodepools {
            let key = (row.cluster_id.clone(), pool.clone());
            match pools.iter_mut().find(|(p, _)| *p == key) {
                Some((_, n)) => *n += 1,
                None => pools.push((key, 1)),
            }
        }
    }
    let ((cluster, pool), count) = pools.into_iter().max_by_key(|(_, n)| *n).unwrap();
    assert!(count >= 20, "{count} pending in {pool}");
    let ids: Vec<String> = pending
        .iter()
        .filter(|row| row.cluster_id == cluster && row.nodepools == [pool.clone()])
        .take(20)
        .map(|row| row.id.clone())
        .collect();
    assert_eq!(ids.len(), 20);

    calls.lock().unwrap().clear();
    let mut viewers = tokio::task::JoinSet::new();
    for id in ids.clone() {
        let http = browser();
        let base = dashboard.base.clone();
        let page = dashboard.url("/api/workload_queue");
        viewers.spawn(async move {
            sign_in(&http, &base, "runboard-admin", "runboard-admin").await;
            let response = http
                .post(page)
                .form(&[("id", id.as_str())])
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            let standing: Option<QueueStanding> = response.json().await.unwrap();
            standing.expect("pending")
        });
    }
    let mut standings = Vec::new();
    while let Some(standing) = viewers.join_next().await {
        standings.push(standing.unwrap());
    }
    // Those in line have places of their own; those their project blocks have none.
    let mut positions: Vec<usize> = standings
        .iter()
        .filter(|s| s.blocked.is_none())
        .map(|s| s.position)
        .collect();
    let in_line = positions.len();
    positions.sort_unstable();
    positions.dedup();
    assert_eq!(positions.len(), in_line, "different places in one queue");
    let seen = calls.lock().unwrap().clone();
    let asked = list_calls_by_query(&calls);
    let lists: usize = asked.values().sum();
    let gets = seen
        .iter()
        .filter(|c| c.path.starts_with("/api/v1/workloads/") && !c.path.ends_with("/count"))
        .count();
    println!(
        "20 viewers of 20 pending workloads in {pool}: {lists} list calls ({} distinct), \
         {gets} get calls ({} blocked by their project)",
        asked.len(),
        standings.iter().filter(|s| s.blocked.is_some()).count()
    );
    assert_eq!(gets, 20, "one get per workload");
    // Every list query (the pools' waiting, idle and started lists, the whole cluster's
    // when a history is thin, the holders of a blocked workload's project, those of
    // each pool a what-if tries) is asked once for everyone; a refresh of the read
    // cache mid-run may ask it once more.
    for (query, times) in &asked {
        assert!(*times <= 2, "{times} × {query}");
    }
    assert!(
        standings.iter().any(|s| !s.what_if.is_empty()),
        "what-ifs are offered"
    );
}

#[tokio::test]
async fn the_table_filtered_to_one_node_pool_numbers_its_pending_rows_in_queue_order() {
    let server = TestServer::start(SettingsArgs::default()).await;
    let pool = server
        .rows("filterBy=phase%3D%3DPending&limit=1")
        .await
        .rows[0]
        .nodepools[0]
        .clone();
    let page = server
        .rows(&format!(
            "filterBy=phase%3D%3DPending%2Cnodepool%3D%3D{pool}&sortBy=createdAt&sortOrder=desc&limit=10"
        ))
        .await;
    assert!(!page.rows.is_empty());
    for row in &page.rows {
        // On the real clock, a workload may have started since the list was read.
        let Some(standing) = standing_of(&server, &row.id).await else {
            continue;
        };
        let place = match standing.blocked {
            Some(blocked) => QueuePlace::Blocked(blocked),
            None => QueuePlace::Position(standing.position),
        };
        assert_eq!(row.queue_place, Some(place), "{}", row.name);
    }
    let (_, html) = server
        .get(&format!(
            "/workloads?filterBy=phase%3D%3DPending%2Cnodepool%3D%3D{pool}&limit=10"
        ))
        .await;
    assert!(
        html.contains(" in queue</span>") || html.contains("blocked: project"),
        "the position beside the status"
    );
    // Not narrowed to one node pool: no position (it would mix queues).
    let unfiltered = server.rows("filterBy=phase%3D%3DPending&limit=10").await;
    assert!(unfiltered.rows.iter().all(|row| row.queue_place.is_none()));
}

#[tokio::test]
async fn every_pending_workload_has_a_reason_and_a_time_or_says_which_history_failed() {
    let server = TestServer::start(SettingsArgs::default()).await;
    let pending = server
        .rows("filterBy=phase%3D%3DPending&limit=100")
        .await
        .rows;
    assert!(!pending.is_empty());
    let mut timed = 0;
    for row in &pending {
        // On the real clock, a workload may have started since the list was read.
        let Some(standing) = standing_of(&server, &row.id).await else {
            continue;
        };
        let reason = standing.reason.sentence();
        assert!(!reason.is_empty(), "{}", row.name);
        match standing.blocked {
            Some(_) => assert!(
                matches!(standing.reason, WaitReason::Project { .. }),
                "{}: {reason}",
                row.name
            ),
            None => assert!(
                !matches!(standing.reason, WaitReason::Project { .. }),
                "{}: {reason}",
                row.name
            ),
        }
        // A range always names the history it stands on.
        assert_eq!(
            standing.estimate.is_likely(),
            standing.estimate.basis.is_some(),
            "{}",
            row.name
        );
        if standing.estimate.is_likely() {
            timed += 1;
        }
        println!(
            "{} ({}): {reason} | {:?} on {:?}",
            row.name, row.project, standing.estimate.estimate, standing.estimate.basis
        );
    }
    // The share given a time is measured against its goal over a simulated week in the
    // calibration benchmark; here, on the demo cluster, most must have one.
    println!("{timed} of {} pending workloads have a time", pending.len());
    assert!(
        timed * 2 > pending.len(),
        "{timed} of {} pending workloads have a time",
        pending.len()
    );
}
