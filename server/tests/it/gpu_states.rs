//! GPU states against the simulator, collected for real: the overview's counts of
//! stalled and never-used workloads, the table narrowed to each with honest totals, its
//! CSV, the table sorted by state, the workload page's note, what alice may see, and a
//! state the URL cannot name.

use server::config::{CollectorSwitch, SettingsArgs};

use super::common::{TestServer, browser, process::sign_in};

/// `(stalled, never used)` as the overview counts them, once the collector has looked.
async fn counts(http: &reqwest::Client, base: &str) -> Option<(usize, usize)> {
    let html = http
        .get(format!("{base}/overview"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let section = html.split_once("GPUs doing nothing now")?.1;
    let number_before = |words: &str| -> Option<usize> {
        let before = section.split_once(words)?.0;
        let digits: String = before
            .rsplit('>')
            .next()?
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    };
    Some((
        number_before(" stalled<")?,
        number_before(" never used their GPUs<")?,
    ))
}

/// The table's total, and its rows' GPU state cells, for `query`.
async fn narrowed(http: &reqwest::Client, base: &str, query: &str) -> (u16, usize, Vec<String>) {
    let response = http
        .get(format!(
            "{base}/workloads?{query}&columns=name,gpuState&pageSize=500"
        ))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let html = response.text().await.unwrap();
    let total = html
        .split_once(r#"data-testid="total">"#)
        .and_then(|(_, rest)| rest.split('<').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX);
    // Each row's last cell: the GPU state.
    let body = html
        .split_once("<tbody>")
        .and_then(|(_, rest)| rest.split_once("</tbody>"))
        .map_or("", |(body, _)| body);
    let cells = body
        .split("</tr>")
        .filter_map(|row| {
            let cell = row.rsplit_once("<td")?.1;
            let text = cell.split_once('>')?.1.split('<').next()?;
            Some(text.to_owned())
        })
        .collect();
    (status, total, cells)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stalled_and_never_used_workloads_are_counted_listed_and_explained() {
    let mut args = SettingsArgs::default();
    args.ledger.collector = Some(CollectorSwitch::On);
    args.ledger.collector_calls_per_minute = Some(1_000_000);
    // The look at GPU states follows the first round; a day of history keeps it short.
    args.ledger.backfill_days = Some(1);
    let server = TestServer::start_with_sim(
        args,
        runai_sim::SimSettings {
            workloads: 13_000,
            ..runai_sim::testing::admin_known()
        },
    )
    .await;
    let mut seen = None;
    for _ in 0..600 {
        seen = counts(&server.http, &server.base).await;
        if seen.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let (stalled, never) = seen.expect("the overview counts stalled workloads once looked at");
    assert!(
        stalled > 0 && never > 0,
        "{stalled} stalled, {never} never used"
    );

    // Each count leads to a table of exactly those workloads, each saying its state.
    let (status, total, cells) = narrowed(&server.http, &server.base, "gpuState=stalled").await;
    assert_eq!(status, 200);
    assert_eq!(total, stalled, "the total counts only the stalled");
    assert_eq!(cells.len(), stalled.min(500));
    assert!(cells.iter().all(|c| c.starts_with("stalled")), "{cells:?}");
    let (_, total, cells) = narrowed(&server.http, &server.base, "gpuState=never-used").await;
    assert_eq!(total, never);
    assert!(cells.iter().all(|c| c == "never used"), "{cells:?}");
    // Paging stays honest: the second page of one row holds the second workload.
    let (_, total, page_two) = narrowed(
        &server.http,
        &server.base,
        "gpuState=never-used&page=2&pageSize=1",
    )
    .await;
    assert_eq!(total, never);
    assert!(page_two.len() <= 1);

    // The CSV holds the same rows, with the state.
    let csv = server
        .http
        .get(server.url("/export/workloads.csv?gpuState=never-used&columns=name,gpuState"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "Name,GPU state");
    assert_eq!(lines.len() - 1, never, "{csv}");
    assert!(
        lines[1..].iter().all(|l| l.ends_with(",never used")),
        "{csv}"
    );

    // Sorted by GPU state: what needs attention first, workloads with no state last.
    let rank = |cell: &String| {
        ["stalled", "never used", "idle", "busy", "unknown"]
            .iter()
            .position(|word| cell.starts_with(word))
            .unwrap_or(5)
    };
    let by_state = "filterBy=phase%3D%3DRunning&sortBy=gpuState&sortOrder=asc";
    let (status, _, cells) = narrowed(&server.http, &server.base, by_state).await;
    assert_eq!(status, 200);
    let ranks: Vec<usize> = cells.iter().map(rank).collect();
    assert_eq!(ranks.first(), Some(&0), "stalled first: {cells:?}");
    assert!(ranks.windows(2).all(|p| p[0] <= p[1]), "{cells:?}");
    let descending = by_state.replace("=asc", "=desc");
    let (_, _, cells) = narrowed(&server.http, &server.base, &descending).await;
    let ranks: Vec<usize> = cells.iter().map(rank).collect();
    let stated: Vec<usize> = ranks.iter().copied().take_while(|r| *r < 5).collect();
    assert!(stated.windows(2).all(|p| p[0] >= p[1]), "{cells:?}");
    assert!(ranks[stated.len()..].iter().all(|r| *r == 5), "{cells:?}");
    let html = server
        .get(&format!("/workloads?{by_state}&columns=name,gpuState"))
        .await
        .1;
    assert!(
        html.contains(r#"<option value="gpuState" selected"#),
        "the menu says so"
    );
    let header = html
        .split_once("Sort by GPU state")
        .expect("a sorting header")
        .0;
    assert!(
        header[header.rfind("<th").unwrap()..].contains(r#"aria-sort="ascending""#),
        "the header says so"
    );

    // A stalled workload's page says since when, and shades it on the chart.
    let html = server.get("/workloads?gpuState=stalled").await.1;
    let id = html
        .split("href=\"/workloads/")
        .nth(1)
        .and_then(|rest| rest.get(..36))
        .expect("a stalled row links to its page")
        .to_owned();
    let (status, page) = server.get(&format!("/workloads/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("GPU state: <strong>stalled"), "{page}");
    assert!(page.contains(" since "), "since when");
    assert!(
        page.contains("markArea"),
        "the stall is shaded on the chart"
    );

    // alice counts only what she may see, and her table agrees with her count.
    let alice = browser();
    sign_in(&alice, &server.base, "alice", "alice").await;
    let (hers, _) = counts(&alice, &server.base).await.expect("her overview");
    assert!(hers <= stalled);
    let (_, total, _) = narrowed(&alice, &server.base, "gpuState=stalled").await;
    assert_eq!(total, hers);

    // A state the URL cannot name is explained, with a 400.
    let (status, html) = server.get("/workloads?gpuState=asleep").await;
    assert_eq!(status, 400);
    assert!(
        html.contains("“asleep” is not stalled, never-used, idle or busy"),
        "{html}"
    );
    let bad = server
        .http
        .get(server.url("/export/workloads.csv?gpuState=asleep"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
}
