//! The queue page: every node pool's pending workloads in the scheduler's order, with
//! the positions their own pages' queue panels give; its CSV; bad links explained; and
//! the list calls of a crowd looking at it shared with those of the workload pages.

use crate::common::{
    TestServer, browser,
    process::sign_in,
    proxy::{list_calls_by_query, watched_dashboard},
};
use app::{pages::queue::data::QueueAnswer, queue::standing::QueueStanding};
use server::config::SettingsArgs;

async fn queue_answer(server: &TestServer, form: &[(&str, &str)]) -> (u16, String) {
    let response = server
        .http
        .post(server.url("/api/queue"))
        .form(form)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

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

/// The queue page's answer, if each pool's first rows agree with their own pages'
/// panels (position, or blocked; reason); else what disagreed.
async fn places_agree(server: &TestServer, html: &str) -> Result<QueueAnswer, String> {
    let (status, body) = queue_answer(server, &[]).await;
    assert_eq!(status, 200, "{body}");
    let answer: QueueAnswer = serde_json::from_str(&body).unwrap();
    assert!(!answer.pools.is_empty());
    let mut checked = 0;
    for queue in &answer.pools {
        assert!(queue.rows.len() <= queue.pending);
        // In line: 1, 2, 3… in the scheduler's order.
        let places: Vec<usize> = queue.rows.iter().filter_map(|r| r.position).collect();
        if !places.windows(2).all(|w| w[0] < w[1]) {
            return Err(format!("{}: places out of order {places:?}", queue.pool));
        }
        for row in queue.rows.iter().take(4) {
            assert!(
                html.contains(&row.entry.name.replace('&', "&amp;"))
                    || row.entry.name.contains(['<', '"', '\''])
            );
            let Some(standing) = standing_of(server, &row.entry.id).await else {
                return Err(format!("{} is no longer pending", row.entry.name));
            };
            let agrees = match row.position {
                Some(place) => (standing.blocked, standing.position) == (None, place),
                None => standing.blocked.is_some(),
            } && row.reason == standing.reason;
            if !agrees {
                return Err(format!(
                    "{}: {row:?} on the queue page, {standing:?} on its own",
                    row.entry.name
                ));
            }
            checked += 1;
        }
    }
    assert!(checked > 0);
    Ok(answer)
}

#[tokio::test]
async fn each_pools_order_matches_the_positions_of_the_workload_pages() {
    let server = TestServer::start(SettingsArgs::default()).await;
    let (status, html) = server.get("/queue").await;
    assert_eq!(status, 200);
    assert!(html.contains("<h1>Queue</h1>"), "{html}");
    assert!(
        html.contains("in the scheduler&#x27;s order") || html.contains("in the scheduler's order")
    );
    // The simulator lives on the real clock: a workload may start between reading the
    // queue and reading a workload's page, so a disagreement is read again (a real one
    // stays).
    let mut outcome = Err(String::new());
    for _ in 0..3 {
        outcome = places_agree(&server, &html).await;
        if outcome.is_ok() {
            break;
        }
    }
    let answer = outcome.unwrap_or_else(|why| panic!("{why}"));
    // One pool, one project: the same rows, narrowed.
    let queue = &answer.pools[0];
    let pool = queue.pool.clone();
    let project = queue.rows[0].entry.project.clone();
    let (status, body) = queue_answer(
        &server,
        &[("pool", pool.as_str()), ("project", project.as_str())],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let narrowed: QueueAnswer = serde_json::from_str(&body).unwrap();
    assert!(narrowed.pools.iter().all(|q| q.pool == pool));
    assert!(
        narrowed
            .pools
            .iter()
            .flat_map(|q| &q.rows)
            .all(|r| r.entry.project == project)
    );
    let (status, html) = server
        .get(&format!("/queue?pool={pool}&project={project}"))
        .await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!(r#"value="{pool}""#)),
        "the form keeps the pool"
    );
}

#[tokio::test]
async fn the_csv_has_the_pages_rows_and_bad_links_are_explained() {
    let server = TestServer::start(SettingsArgs::default()).await;
    let response = server
        .http
        .get(server.url("/export/queue.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let csv = response.text().await.unwrap();
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .contains("node pool,position,workload,id,project"),
        "{csv}"
    );
    let (_, body) = queue_answer(&server, &[]).await;
    let answer: QueueAnswer = serde_json::from_str(&body).unwrap();
    let rows: usize = answer.pools.iter().map(|q| q.rows.len()).sum();
    assert_eq!(lines.count(), rows);

    let too_long = "x".repeat(300);
    for bad in ["pool=a%2Cb", "project=%07", &format!("pool={too_long}")] {
        let (status, html) = server.get(&format!("/queue?{bad}")).await;
        assert_eq!(status, 400, "{bad}");
        assert!(html.contains("could not be used"), "{bad}: {html}");
        let response = server
            .http
            .get(server.url(&format!("/export/queue.csv?{bad}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{bad}");
    }
    let (status, body) = queue_answer(&server, &[("pool", "a,b")]).await;
    assert_eq!(status, 400, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_viewers_of_the_queue_and_twenty_of_pending_workloads_share_the_list_calls() {
    // Answers kept longer than the crowd takes, however busy the machine: a query asked
    // again is then sharing that failed or the cache's bound, not a lifetime that ran
    // out.
    let (_sim, dashboard, calls) = watched_dashboard(
        20_000,
        server::config::ops::OpsArgs {
            runai_cache_ms: Some(600_000),
            ..Default::default()
        },
    )
    .await;
    let pending: Vec<String> = dashboard
        .rows("filterBy=phase%3D%3DPending&limit=20")
        .await
        .rows
        .into_iter()
        .map(|row| row.id)
        .collect();
    assert_eq!(pending.len(), 20);
    calls.lock().unwrap().clear();
    let mut viewers = tokio::task::JoinSet::new();
    for i in 0..40 {
        let http = browser();
        let base = dashboard.base.clone();
        let id = pending[i % 20].clone();
        viewers.spawn(async move {
            sign_in(&http, &base, "runboard-admin", "runboard-admin").await;
            let (path, form) = if i < 20 {
                ("/api/queue", vec![])
            } else {
                ("/api/workload_queue", vec![("id", id)])
            };
            let response = http
                .post(format!("{base}{path}"))
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{path}");
        });
    }
    while let Some(done) = viewers.join_next().await {
        done.unwrap();
    }
    let asked = list_calls_by_query(&calls);
    let lists: usize = asked.values().sum();
    println!(
        "20 viewers of /queue and 20 of pending workloads: {lists} list calls, {} distinct",
        asked.len()
    );
    // Each distinct list query is asked once for everyone: a second time only when the
    // read cache's byte bound (32 MiB; these lists of a 3,000-workload cluster weigh
    // more together) let an answer go before its lifetime ended.
    for (query, times) in &asked {
        assert!(*times <= 2, "{times} × {query}");
    }
    assert!(
        lists * 4 <= asked.len() * 5,
        "{lists} list calls for {} distinct queries",
        asked.len()
    );
}
