//! Clusters by the names the operator gives them (the Workloads API names them only by
//! id): the table's cluster column and a workload's facts say the name; a cluster not
//! named reads as the start of its id, never the whole UUID.

use server::config::{List, SettingsArgs};

use crate::common::TestServer;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_say_a_clusters_name_and_the_start_of_an_unnamed_ones_id() {
    // The simulator is seeded: both dashboards hold the same clusters.
    let unnamed = TestServer::start(SettingsArgs::default()).await;
    let row = unnamed
        .rows("filterBy=phase%3D%3DRunning&limit=1")
        .await
        .rows
        .remove(0);
    let cluster = row.cluster_id.clone();
    let start: String = cluster.chars().take(8).collect();
    let table =
        format!("/workloads?filterBy=clusterId%3D%3D{cluster}&columns=name%2Ccluster&pageSize=5");
    let (_, html) = unnamed.get(&table).await;
    assert!(
        html.contains(&format!(">cluster {start}</td>")),
        "the start of its id"
    );
    assert!(
        !html.contains(&format!(">{cluster}</td>")),
        "never the whole UUID"
    );

    let mut args = SettingsArgs::default();
    args.runai.cluster_names = Some(List(vec![format!("{cluster}=gpu-east")]));
    let named = TestServer::start(args).await;
    let (status, html) = named.get(&table).await;
    assert_eq!(status, 200);
    assert!(html.contains(">gpu-east</td>"), "the table says its name");
    assert!(
        html.contains(&format!("clusterId%3D%3D{cluster}")),
        "its filter keeps the id"
    );
    let (_, page) = named.get(&format!("/workloads/{}", row.id)).await;
    assert!(
        page.contains("<dt>Cluster</dt><dd>gpu-east</dd>"),
        "its facts say the name"
    );
}
