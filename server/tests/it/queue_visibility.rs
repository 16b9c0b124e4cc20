//! Who sees what in a queue: a position counts the workloads of projects the viewer
//! cannot see (read with the collector's key) and names none of them; the setting that
//! turns the count off.

use crate::common::{TestServer, browser, process::sign_in};
use app::queue::standing::QueueStanding;
use server::config::SettingsArgs;

/// Alice and the admin on one dashboard: her positions count what she cannot see, as
/// the admin's count it, and name none of it; turned off, they are not counted.
#[tokio::test]
async fn a_position_counts_the_workloads_a_viewer_cannot_see_without_naming_them() {
    let server = TestServer::start_signed_out(SettingsArgs::default()).await;
    let (status, _) = server.post_form("/login", &[("demo", "alice")]).await;
    assert_eq!(status, 303);
    let admin = browser();
    sign_in(&admin, &server.base, "runboard-admin", "runboard-admin").await;
    let standing_as = |http: reqwest::Client, id: String| {
        let url = server.url("/api/workload_queue");
        async move {
            let response = http.post(url).form(&[("id", id)]).send().await.unwrap();
            assert_eq!(response.status(), 200);
            let body = response.text().await.unwrap();
            let standing: Option<QueueStanding> = serde_json::from_str(&body).unwrap();
            standing.map(|standing| (standing, body))
        }
    };
    let hers = server
        .rows("filterBy=phase%3D%3DPending&limit=100")
        .await
        .rows;
    assert!(!hers.is_empty(), "alice has pending workloads to look at");
    let mut counted = 0;
    'rows: for row in &hers {
        // The simulator lives on the real clock: her answer is compared with the
        // admin's only when hers did not change around it.
        for _ in 0..3 {
            let Some((as_alice, body)) = standing_as(server.http.clone(), row.id.clone()).await
            else {
                continue 'rows;
            };
            let Some((as_admin, _)) = standing_as(admin.clone(), row.id.clone()).await else {
                continue 'rows;
            };
            let Some((again, _)) = standing_as(server.http.clone(), row.id.clone()).await else {
                continue 'rows;
            };
            let place = |s: &QueueStanding| (s.position, s.competing);
            if place(&as_alice) != place(&again) {
                continue;
            }
            assert_eq!(place(&as_alice), place(&as_admin), "{}", row.name);
            let hidden = as_alice.hidden.expect("counted");
            counted += hidden.competing;
            // None of what she cannot see is named in her answer.
            for other in as_admin.ahead.iter().chain(&as_admin.blocked_earlier) {
                if !hers.iter().any(|mine| mine.id == other.id) && other.project != row.project {
                    assert!(
                        !body.contains(&other.id),
                        "{} is named to alice",
                        other.name
                    );
                }
            }
            continue 'rows;
        }
        panic!("{}: alice's standing changed on every reading", row.name);
    }
    println!(
        "alice's {} pending workloads: {counted} hidden competitors counted",
        hers.len()
    );
    assert!(counted > 0, "alice cannot see every project");

    let off = TestServer::start_signed_out(SettingsArgs {
        ledger: server::config::LedgerArgs {
            queue_hidden_workloads: Some(server::config::HiddenWorkloads::Off),
            ..Default::default()
        },
        ..Default::default()
    })
    .await;
    let (status, _) = off.post_form("/login", &[("demo", "alice")]).await;
    assert_eq!(status, 303);
    let id = off.rows("filterBy=phase%3D%3DPending&limit=1").await.rows[0]
        .id
        .clone();
    let response = off
        .http
        .post(off.url("/api/workload_queue"))
        .form(&[("id", id.as_str())])
        .send()
        .await
        .unwrap();
    let standing: Option<QueueStanding> = response.json().await.unwrap();
    let standing = standing.expect("pending");
    assert_eq!(standing.hidden, None);
    let (_, html) = off.get(&format!("/workloads/{id}")).await;
    assert!(html.contains("Workloads of projects you cannot see are not counted here."));
}
