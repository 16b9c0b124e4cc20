//! The viewer's time zone through the real server: the header's form keeps the choice
//! and every page link then names it; a page names its zone for the browser and draws
//! its charts' time axes in it.

use server::config::SettingsArgs;

use crate::common::TestServer;

#[tokio::test]
async fn a_chosen_zone_is_kept_named_in_links_and_drawn_on_chart_axes() {
    let server = TestServer::start(SettingsArgs::default()).await;
    let id = server
        .rows("filterBy=phase%3D%3DRunning&limit=1")
        .await
        .rows[0]
        .id
        .clone();
    let page = format!("/workloads/{id}");

    // Without a choice: no zone in the link, the browser's own; charts left to it.
    let (status, html) = server.get(&page).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(r#"aria-label="Time zone""#),
        "the header's form"
    );
    assert!(!html.contains("data-zone="), "the browser's zone");
    assert!(!html.contains("useUTC") && !html.contains("data-x-shift-ms"));
    assert!(
        html.contains(r#"data-show="instant""#),
        "times are marked for the browser"
    );

    // The header's form: kept, and the link names it.
    let response = server
        .http
        .get(server.url(&format!("{page}?range=1h&zone=Asia%2FTokyo")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        format!("{page}?range=1h&tz=Asia%2FTokyo").as_str()
    );
    // Every page link then names it.
    let response = server.http.get(server.url("/queue")).send().await.unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/queue?tz=Asia%2FTokyo");

    // The page in Tokyo: named for the browser, chart axes moved by nine hours.
    let (status, html) = server.get(&format!("{page}?tz=Asia%2FTokyo")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(r#"data-zone="Asia/Tokyo""#),
        "{}",
        &html[..2000]
    );
    assert!(html.contains("useUTC&quot;:true") || html.contains(r#""useUTC":true"#));
    assert!(html.contains(r#"data-x-shift-ms="32400000""#));

    // A zone that does not exist is explained, not kept, and changes nothing.
    let (status, html) = server.get(&format!("{page}?tz=Mars%2FOlympus")).await;
    assert_eq!(status, 200);
    assert!(html.contains("not a time zone this dashboard knows"));
    assert!(!html.contains("data-x-shift-ms"));
}

#[tokio::test]
async fn the_tables_download_writes_times_in_the_zone_its_link_names() {
    let server = TestServer::start(SettingsArgs::default()).await;
    let (status, html) = server.get("/workloads?tz=Europe%2FBerlin").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("/export/workloads.csv?tz=Europe%2FBerlin"),
        "the page's download link names its zone"
    );
    let csv = |query: &'static str| {
        let http = server.http.clone();
        let url = server.url(&format!("/export/workloads.csv?{query}"));
        async move {
            let response = http.get(url).send().await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    let created = |text: &str| -> Vec<String> {
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let at = header
            .iter()
            .position(|h| *h == "Created")
            .expect("a Created column");
        lines
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split(',').nth(at).unwrap_or_default().to_owned())
            .collect()
    };
    let (status, berlin) = csv("tz=Europe%2FBerlin").await;
    assert_eq!(status, 200, "{berlin}");
    let times = created(&berlin);
    assert!(!times.is_empty());
    // December: Central European Time, an hour ahead of UTC.
    assert!(times.iter().all(|t| t.ends_with("+01:00")), "{times:?}");
    let (_, utc) = csv("").await;
    assert!(
        created(&utc).iter().all(|t| t.ends_with('Z')),
        "the browser's zone: UTC"
    );
    let (status, body) = csv("tz=Mars%2FOlympus").await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("not a time zone"), "{body}");
}
