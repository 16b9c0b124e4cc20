//! The failures page against the simulator: failures grouped by cause, each group's
//! link leading to a table of exactly its workloads, and bad links explained.

use server::config::SettingsArgs;

use super::common::TestServer;

/// The first `href` after `after` in `html`, unescaped.
fn link_after(html: &str, after: &str) -> Option<String> {
    let rest = html.split_once(after)?.1;
    let href = rest.split_once("href=\"")?.1.split('"').next()?;
    Some(href.replace("&amp;", "&"))
}

/// The number in "Its N workloads in the table" after `after`.
fn live_count(html: &str, after: &str) -> Option<usize> {
    let rest = html.split_once(after)?.1;
    let words = rest.split_once(">Its ")?.1;
    words.split(' ').next()?.parse().ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_group_by_cause_and_each_cause_leads_to_its_workloads() {
    let server = TestServer::start_with_sim(
        SettingsArgs::default(),
        runai_sim::SimSettings {
            workloads: 13_000,
            ..runai_sim::testing::admin_known()
        },
    )
    .await;
    let (status, html) = server.get("/failures?window=7d").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains(" causes over the last 7 days"), "{html}");
    for kind in [
        "CUDA out of memory. Tried to allocate … MiB",
        "Watchdog caught collective operation timeout",
    ] {
        assert!(html.contains(kind), "a cause with {kind}");
    }
    // The image whose newest tag fails to pull is named as where that cause gathers.
    let pulls = html
        .split_once("Back-off pulling image")
        .expect("a cause of image pulls")
        .1;
    let said = pulls.split("</p>").next().unwrap_or_default();
    assert!(
        said.contains(" with image nvcr.io/nvidia/pytorch:25.01-py3"),
        "{said}"
    );

    // One cause's link shows exactly its workloads, each failed.
    let cause = "CUDA out of memory";
    let count = live_count(&html, cause).expect("a count of its workloads");
    let href = link_after(&html, cause).expect("a link to its workloads");
    assert!(
        href.starts_with("/workloads?filterBy=phase%3D%3DFailed"),
        "{href}"
    );
    assert!(href.contains("&cause="), "{href}");
    let (status, table) = server.get(&format!("{href}&pageSize=500")).await;
    assert_eq!(status, 200);
    assert!(
        table.contains(&format!(r#"data-testid="total">{count}<"#)),
        "{count} in {href}"
    );
    assert!(table.contains("Only the failures of one cause"));

    // Bad links are explained.
    let (status, html) = server.get("/failures?window=forever").await;
    assert_eq!(status, 400);
    assert!(html.contains("showing the defaults instead"), "{html}");
    let (status, html) = server.get("/workloads?cause=DROP%20TABLE").await;
    assert_eq!(status, 400);
    assert!(
        html.contains("a cause is named by the 16 letters and digits"),
        "{html}"
    );
}
