//! The comparison through the real server against its embedded simulator: workloads
//! side by side lined up by start or on the clock, what differs, hidden and partial
//! workloads explained, its CSV, bad links refused.

use std::collections::HashSet;

use crate::common::{TestServer, browser, process::sign_in};
use server::config::SettingsArgs;

/// Every chart option the page carries, read back from its `data-echarts-option`.
pub fn chart_options(html: &str) -> Vec<serde_json::Value> {
    html.split("data-echarts-option=\"")
        .skip(1)
        .map(|rest| {
            let text = &rest[..rest.find('"').unwrap()];
            let text = text
                .replace("&quot;", "\"")
                .replace("&#x27;", "'")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            serde_json::from_str(&text).unwrap()
        })
        .collect()
}

/// The rows of the table with class `class` in `html` (its `<tr>` elements in `tbody`).
fn body_rows(html: &str, class: &str) -> usize {
    let table = html
        .split(&format!("class=\"{class}\""))
        .nth(1)
        .expect("the table");
    let table = &table[..table.find("</table>").unwrap()];
    let body = table.split("<tbody>").nth(1).unwrap();
    body.matches("<tr").count()
}

/// Running training workloads, oldest first.
pub async fn running(server: &TestServer, n: usize) -> Vec<(String, String)> {
    server
        .rows(&format!(
            "filterBy=phase%3D%3DRunning%2Ctype%3D%3DTraining&sortBy=createdAt&sortOrder=asc&limit={n}"
        ))
        .await
        .rows
        .into_iter()
        .map(|row| (row.id, row.name))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_workloads_side_by_side_by_start_or_on_the_clock_with_what_differs() {
    let server = TestServer::start(SettingsArgs::default()).await;
    let three = running(&server, 3).await;
    assert_eq!(three.len(), 3);
    let ids: Vec<&str> = three.iter().map(|(id, _)| id.as_str()).collect();
    let path = format!("/compare?ids={}", ids.join("%2C"));
    let (status, html) = server.get(&path).await;
    assert_eq!(status, 200, "{html}");
    for (_, name) in &three {
        assert!(html.contains(name.as_str()), "{name} is compared");
    }
    assert!(html.contains("GPU utilization over time, one line per workload"));
    assert!(html.contains(r#"aria-current="true">Since each started"#));
    assert!(html.contains("after each started"), "the window in words");
    assert!(!html.contains("Hidden workload"));
    assert_eq!(
        body_rows(&html, "compare-summary"),
        3,
        "a row of numbers each"
    );

    // Lined up by start: hours since each started, every line named after its workload,
    // none before its start.
    let options = chart_options(&html);
    assert!(!options.is_empty());
    let mut named = HashSet::new();
    for option in &options {
        assert_eq!(option["xAxis"]["type"], "value");
        assert_eq!(option["xAxis"]["name"], "hours since each started");
        for series in option["series"].as_array().unwrap() {
            let name = series["name"].as_str().unwrap();
            let of = three
                .iter()
                .find(|(_, n)| name == n || name.starts_with(&format!("{n}: ")))
                .unwrap_or_else(|| panic!("{name} names a compared workload"));
            named.insert(of.0.clone());
            for point in series["data"].as_array().unwrap() {
                assert!(point[0].as_f64().unwrap() >= -0.01, "{name}: {point}");
            }
        }
    }
    assert_eq!(named.len(), 3, "every workload has its lines");

    // On the clock: one window of time for all.
    let (status, html) = server.get(&format!("{path}&align=clock&range=6h")).await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"aria-current="true">On the clock"#));
    assert!(html.contains("Link to this exact window"));
    for option in chart_options(&html) {
        assert_eq!(option["xAxis"]["type"], "time");
    }

    // The facts: every row, or only those that differ, each marked.
    let all = body_rows(&html, "compare-facts");
    let (_, differing) = server.get(&format!("{path}&facts=differing")).await;
    let only = body_rows(&differing, "compare-facts");
    assert!(only < all, "identical facts hidden: {only} of {all}");
    assert!(
        only > 0,
        "three running workloads differ in something (how long each has run, at least)"
    );
    let facts = differing.split("class=\"compare-facts\"").nth(1).unwrap();
    assert_eq!(facts.matches("differs-mark").count(), only);
    assert!(differing.contains("Show every fact"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hidden_a_missing_and_a_partly_answered_workload_are_each_explained() {
    let server = TestServer::start_signed_out(SettingsArgs::default()).await;
    let admin = browser();
    sign_in(&admin, &server.base, "runboard-admin", "runboard-admin").await;
    let (status, _) = server.post_form("/login", &[("demo", "alice")]).await;
    assert_eq!(status, 303);
    // Hers, and one of a department she cannot see.
    let hers = running(&server, 50).await;
    let theirs = admin
        .post(server.url("/api/workloads_page"))
        .form(&[("query", "filterBy=phase%3D%3DRunning&limit=500")])
        .send()
        .await
        .unwrap()
        .json::<app::pages::workloads::data::WorkloadsAnswer>()
        .await
        .unwrap()
        .rows
        .into_iter()
        .find(|row| row.department != "research")
        .expect("a workload of another department");
    // One of hers whose metrics Run:ai answers only in part (a 207: no CPU limit set).
    let mut partial = None;
    for (id, name) in &hers {
        let (_, page) = server.get(&format!("/workloads/{id}")).await;
        if let Some(rest) = page
            .split("Not available from Run:ai for this workload: ")
            .nth(1)
        {
            let missing = rest[..rest.find(". ").unwrap()].replace("<!>", "");
            partial = Some((id.clone(), name.clone(), missing));
            break;
        }
    }
    let (partial_id, partial_name, missing) = partial.expect("a workload answered in part");
    let nobody = "0b0c51a4-0000-4000-8000-00000000dead";
    let (status, html) = server
        .get(&format!(
            "/compare?ids={partial_id}%2C{}%2C{nobody}",
            theirs.id
        ))
        .await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains(partial_name.as_str()));
    assert!(
        html.contains(&format!(
            "Not available from Run:ai for it (a partial answer): {missing}."
        )),
        "the types its page says are missing: {missing}"
    );
    assert_eq!(
        html.matches("Hidden workload").count(),
        2,
        "named, not dropped"
    );
    assert!(html.contains(&theirs.id));
    assert!(
        !html.contains(&format!(">{}</a>", theirs.name)),
        "the hidden one is not named"
    );
    assert!(html.contains("you don't have access to it"));
    assert!(html.contains(nobody) && html.contains("no workload has this id"));
    assert!(html.contains("A comparison needs two workloads you can see"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_csv_holds_every_compared_series_and_bad_links_are_refused() {
    let server = TestServer::start(SettingsArgs::default()).await;
    let two = running(&server, 2).await;
    let ids = format!("{}%2C{}", two[0].0, two[1].0);
    let response = server
        .http
        .get(server.url(&format!("/export/compare.csv?ids={ids}&until=3600")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = response.text().await.unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap().trim_start_matches('\u{feff}'),
        "workload,id,chart,line,time,hours since it started,value"
    );
    let rows: Vec<Vec<&str>> = lines.map(|line| line.split(',').collect()).collect();
    for (id, name) in &two {
        assert!(
            rows.iter()
                .any(|row| row[0] == name && row[1] == id && row[2] == "GPU utilization"),
            "{name}'s utilization"
        );
    }
    for row in &rows {
        let hours: f64 = row[5].parse().unwrap();
        assert!(
            (-0.01..=1.01).contains(&hours),
            "within the first hour: {row:?}"
        );
    }
    assert!(
        rows.iter().all(|row| row[4].ends_with('Z')),
        "UTC by default"
    );
    // In the zone the page's link names, as its Download CSV link carries it.
    let (_, page) = server
        .get(&format!("/compare?ids={ids}&tz=Asia%2FTokyo"))
        .await;
    assert!(
        page.contains("tz=Asia%2FTokyo\" download"),
        "the CSV link keeps the zone"
    );
    let (status, tokyo) = server
        .get(&format!(
            "/export/compare.csv?ids={ids}&until=3600&tz=Asia%2FTokyo"
        ))
        .await;
    assert_eq!(status, 200);
    let times: Vec<&str> = tokyo
        .lines()
        .skip(1)
        .map(|line| line.split(',').nth(4).unwrap())
        .collect();
    assert!(
        !times.is_empty() && times.iter().all(|t| t.ends_with("+09:00")),
        "{times:?}"
    );

    for (path, words) in [
        ("/compare?ids=nope".to_owned(), "is not a workload id"),
        (
            format!("/compare?ids={ids}&since=600&until=60"),
            "“since” must be before “until”",
        ),
        (
            format!("/compare?ids={ids}&align=sideways"),
            "is not a way to line up times",
        ),
        (
            "/export/compare.csv".to_owned(),
            "name the workloads to compare",
        ),
        (
            "/export/compare.csv?ids=nope".to_owned(),
            "is not a workload id",
        ),
    ] {
        let (status, body) = server.get(&path).await;
        assert_eq!(status, 400, "{path}");
        assert!(body.contains(words), "{path}: {body}");
    }
}
