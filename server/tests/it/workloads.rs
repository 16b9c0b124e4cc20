//! The workloads page, its server function and its CSV export, served by the real
//! server against the embedded simulator.

use crate::common::TestServer;
use server::config::SettingsArgs;

async fn start() -> TestServer {
    TestServer::start(SettingsArgs::default()).await
}

#[tokio::test]
async fn the_start_page_leads_to_the_table() {
    let server = start().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = client
        .get(format!("{}/", server.base))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(response.headers()["location"], "/workloads");
}

#[tokio::test]
async fn the_table_is_server_rendered_from_the_url() {
    let server = start().await;
    let (status, html) = server
        .get("/workloads?filterBy=phase%3D%3DRunning&sortBy=name&sortOrder=asc&pageSize=25&columns=name%2Cphase%2Cgpus")
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("<title>Workloads · Runboard</title>"));
    assert!(
        html.contains(r#"aria-sort="ascending""#),
        "the name header shows the sort"
    );
    assert!(
        html.contains("Status is Running"),
        "the chip reads as words"
    );
    let rows = html.matches(r#"<th scope="row">"#).count();
    assert_eq!(rows, 25, "one page of 25 rows");
    assert_eq!(
        html.matches(r#"class="badge phase-running""#).count(),
        25,
        "all running"
    );
    assert!(
        !html.contains("Sort by Submitted by"),
        "only the chosen columns have headers"
    );
    assert!(html.contains("Sort by GPUs"));
    assert!(html.contains("Rows per page"));
}

#[tokio::test]
async fn bad_url_parameters_are_explained_with_a_400() {
    let server = start().await;
    let (status, html) = server
        .get("/workloads?sortBy=colour&filterBy=colour%3D%3Dred")
        .await;
    assert_eq!(status, 400);
    assert!(html.contains("“colour” is not a sortable field"), "{html}");
    assert!(html.contains("not sent"), "the invalid chip is marked");
    assert!(
        html.contains("<table class=\"workloads\""),
        "the page still shows the default view"
    );
}

#[tokio::test]
async fn hostile_names_are_rendered_as_text() {
    let server = start().await;
    let (_, html) = server.get("/workloads?search=script").await;
    assert!(html.contains("&lt;script&gt;alert("), "escaped");
    assert!(!html.contains("<script>alert("), "never markup");
}

#[tokio::test]
async fn the_server_function_answers_typed_pages_and_refuses_bad_queries() {
    let server = start().await;
    let client = server.http.clone();
    let url = format!("{}/api/workloads_page", server.base);
    let response = client
        .post(&url)
        .form(&[("query", "filterBy=phase%3D%3DPending&limit=5")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let page: app::pages::workloads::data::WorkloadsAnswer = response.json().await.unwrap();
    assert!(page.rows.len() <= 5);
    assert!(
        page.rows
            .iter()
            .all(|r| r.phase == runai::model::Phase::Pending)
    );
    let pending = page
        .phase_counts
        .iter()
        .find(|(p, _)| p == "Pending")
        .unwrap()
        .1;
    assert_eq!(pending, page.total, "the chip counts agree with the total");

    let response = client
        .post(&url)
        .form(&[("query", "limit=0")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("limit"));
}

#[tokio::test]
async fn the_csv_export_holds_every_page_with_the_visible_columns() {
    let server = start().await;
    let response = server
        .http
        .get(format!(
            "{}/export/workloads.csv?filterBy=phase%3D%3DRunning&columns=name%2Cphase&pageSize=10",
            server.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    let csv = response.text().await.unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("Name,Status"));
    let rows: Vec<&str> = lines.collect();
    assert!(
        rows.len() > 10,
        "all pages, not just the first: {}",
        rows.len()
    );
    assert!(rows.iter().all(|l| l.ends_with(",Running")), "{rows:?}");

    let bad = server
        .http
        .get(format!("{}/export/workloads.csv?pageSize=0", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn the_page_is_server_html_with_one_island_and_no_table_data_for_the_browser() {
    let server = start().await;
    let (status, html) = server.get("/workloads?sortBy=name&sortOrder=asc").await;
    assert_eq!(status, 200);
    // The table's island and the keyboard's, with no props: they read the page from the
    // address bar, so decoding props (JSON) never reaches the browser's main module.
    assert_eq!(html.matches("<leptos-island").count(), 2, "{html}");
    assert!(html.contains(r#"data-component="WorkloadsLive_"#));
    assert!(html.contains(r#"data-component="ShortcutKeys_"#));
    assert!(!html.contains("data-props"), "no island props on the table");
    // The controls are server HTML for this view, each naming the parameter it sets.
    assert!(html.contains(r#"<select data-param="sortBy">"#), "{html}");
    assert!(html.contains(r#"<option value="name" selected"#), "{html}");
    assert!(html.contains(r#"data-param="search""#));
    // The results element the island swaps on refresh: when, and the suggestions for
    // the values it shows.
    let results = html
        .split(r#"id="results""#)
        .nth(1)
        .expect("a results element");
    let tag = &results[..results.find('>').unwrap()];
    assert!(tag.contains("data-updated=\""), "{tag}");
    assert!(!tag.contains("data-error"), "{tag}");
    assert!(
        results.contains(r#"<datalist id="filter-suggestions">"#)
            && results.contains(r#"<option value="departmentName=="#),
        "suggestions of the departments shown"
    );
    // The rows are HTML only: no serialized copy of the data rides along for hydration.
    assert!(
        !html.contains("phase_counts"),
        "the page's data is not serialized"
    );
}

#[tokio::test]
async fn the_waiting_column_shows_time_pending_and_sorts_by_it() {
    let server = start().await;
    let query =
        "filterBy=phase%3D%3DPending&sortBy=totalPendingTimeSeconds&sortOrder=desc&limit=20";
    let page = server.rows(query).await;
    assert!(page.rows.len() >= 2, "the simulator has pending workloads");
    let waits: Vec<i64> = page.rows.iter().map(|r| r.pending_s.unwrap()).collect();
    assert!(waits.windows(2).all(|w| w[0] >= w[1]), "{waits:?}");
    let (status, html) = server
        .get(&format!("/workloads?{query}&columns=name%2Cwaiting"))
        .await;
    assert_eq!(status, 200);
    assert!(html.contains(">Waiting<"), "the header");
    assert!(
        html.contains(r#"aria-sort="descending""#),
        "the Waiting header shows the sort"
    );
    let longest = app::format::format_seconds(waits[0] as f64);
    assert!(html.contains(&longest), "{longest} in the first row");
}
