//! What the comparison draws per kind of workload: several GPUs as each workload's mean
//! with its highest and lowest GPU, or each GPU on demand; inference workloads' NIM
//! charts and numbers.

use server::config::SettingsArgs;

use super::compare::chart_options;
use crate::common::TestServer;

/// Every line name of the chart titled `title` (the page's first chart of that name).
fn lines_of(html: &str, title: &str) -> Vec<String> {
    let charts = chart_options(html);
    let titles: Vec<&str> = html
        .split("class=\"chart-panel\"><h2>")
        .skip(1)
        .map(|rest| &rest[..rest.find("</h2>").unwrap()])
        .collect();
    let at = titles
        .iter()
        .position(|t| *t == title)
        .unwrap_or_else(|| panic!("a chart {title:?} among {titles:?}"));
    charts[at]["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_gpus_are_each_workloads_mean_and_range_or_each_gpu_on_demand() {
    let server = TestServer::start(SettingsArgs::default()).await;
    let rows = server
        .rows("filterBy=phase%3D%3DRunning%2CallocatedGPU%3E%3D2&sortBy=createdAt&sortOrder=asc&limit=2")
        .await
        .rows;
    assert_eq!(rows.len(), 2, "two running workloads with several GPUs");
    let path = format!("/compare?ids={}%2C{}&until=3600", rows[0].id, rows[1].id);
    let (status, html) = server.get(&path).await;
    assert_eq!(status, 200);
    let lines = lines_of(&html, "GPU utilization");
    for row in &rows {
        for line in ["Mean of the GPUs", "Highest GPU", "Lowest GPU"] {
            let name = format!("{}: {line}", row.name);
            assert!(lines.contains(&name), "{name} in {lines:?}");
        }
    }
    assert!(html.contains("Show each GPU"));

    let (_, each) = server.get(&format!("{path}&gpus=each")).await;
    let lines = lines_of(&each, "GPU utilization");
    for row in &rows {
        for line in ["GPU 0", "GPU 1", "Mean of the GPUs"] {
            let name = format!("{}: {line}", row.name);
            assert!(lines.contains(&name), "{name} in {lines:?}");
        }
    }
    assert!(each.contains(">Show each workload's GPU mean and range</a>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inference_workloads_are_compared_on_their_nim_charts_and_numbers() {
    let server = TestServer::start(SettingsArgs::default()).await;
    let rows = server
        .rows("filterBy=phase%3D%3DRunning%2Ccategory%3D%3DDeploy&sortBy=createdAt&sortOrder=asc&limit=2")
        .await
        .rows;
    assert_eq!(rows.len(), 2, "two running inference workloads");
    let (status, html) = server
        .get(&format!(
            "/compare?ids={}%2C{}&until=3600",
            rows[0].id, rows[1].id
        ))
        .await;
    assert_eq!(status, 200);
    for title in [
        "Requests served per second",
        "Time to first token (median)",
        "End-to-end latency (median)",
    ] {
        let lines = lines_of(&html, title);
        for row in &rows {
            assert!(
                lines.contains(&row.name),
                "{} on {title}: {lines:?}",
                row.name
            );
        }
    }
    // The numbers name a time to first token for each, not a dash.
    let summary = html.split("class=\"compare-summary\"").nth(1).unwrap();
    let summary = &summary[..summary.find("</table>").unwrap()];
    assert!(summary.contains("Time to first token, median"));
    for row in summary.split("<tr").skip(2) {
        let cells: Vec<&str> = row.split("<td").skip(1).collect();
        assert_eq!(cells.len(), 7, "{row}");
        for cell in &cells[4..] {
            assert!(!cell.contains(">—<"), "a NIM number: {row}");
        }
    }
}
