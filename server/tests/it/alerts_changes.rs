//! Changing a rule through the real server: its owner renames it and changes what it
//! watches, its sealed destination kept unless a new one is given; a new channel needs
//! its destination; someone else sees a shared rule but may not change it.

use server::config::{List, Secret, SettingsArgs};

use super::{
    alerts::{SIGNING_KEY, alerts, create_rule, rule},
    common::{TestServer, browser},
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rule_is_changed_by_its_owner_only_and_keeps_its_destination_unless_given() {
    let mut args = SettingsArgs::default();
    args.alerts.alert_private_hosts = Some(List(vec!["127.0.0.1".to_owned()]));
    args.alerts.alert_signing_key = Some(Secret::new(SIGNING_KEY));
    let server = TestServer::start(args).await;
    let hook = "http://127.0.0.1:9/hook/kept-secret-part";
    let (status, _) = create_rule(
        &server.http,
        &server.base,
        &[("name", "Waits"), ("destination", hook), ("shared", "on")],
    )
    .await;
    assert_eq!(status, 302);
    let id = rule(&alerts(&server.http, &server.base).await, "Waits")
        .id
        .clone();
    let update = |http: reqwest::Client, fields: Vec<(&'static str, String)>| {
        let url = server.url("/api/update_alert_rule");
        let base = server.base.clone();
        let id = id.clone();
        async move {
            let mut form: Vec<(&str, String)> = vec![
                ("id", id),
                ("name", "Long waits".to_owned()),
                ("kind", "pendingLongerThan".to_owned()),
                ("filter", "phase==Pending".to_owned()),
                ("minutes", "240".to_owned()),
                ("project", String::new()),
                ("percent", "50".to_owned()),
                ("channel", "webhook".to_owned()),
                ("destination", String::new()),
                ("shared", "on".to_owned()),
            ];
            for (name, value) in fields {
                form.iter_mut().find(|(n, _)| *n == name).unwrap().1 = value;
            }
            let response = http
                .post(url)
                .header("accept", "text/html")
                .header("referer", format!("{base}/alerts"))
                .form(&form)
                .send()
                .await
                .unwrap();
            response.status().as_u16()
        }
    };
    // Its owner renames it and waits longer; the destination stays as it was.
    assert_eq!(update(server.http.clone(), vec![]).await, 302);
    let answer = alerts(&server.http, &server.base).await;
    let changed = rule(&answer, "Long waits");
    assert_eq!(
        changed.watching,
        "workloads matching phase==Pending that wait longer than 240 minutes"
    );
    assert_eq!(changed.destination, "http://127.0.0.1/…part");
    // A new channel needs its destination.
    assert_eq!(
        update(server.http.clone(), vec![("channel", "slack".to_owned())]).await,
        400
    );
    // Someone else sees the shared rule but may not change it.
    let bob = browser();
    let response = bob
        .post(server.url("/login"))
        .form(&[("demo", "bob")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let his = alerts(&bob, &server.base).await;
    assert!(!rule(&his, "Long waits").may_change);
    assert_eq!(
        update(bob, vec![("name", "Mine now".to_owned())]).await,
        403
    );
    assert!(
        alerts(&server.http, &server.base)
            .await
            .rules
            .iter()
            .any(|r| r.name == "Long waits")
    );
}
