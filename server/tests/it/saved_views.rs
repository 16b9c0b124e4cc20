//! Saved views through the real server, on SQLite (the data directory) and PostgreSQL:
//! two people and an admin, what each sees in the header's menu, who may change what,
//! hostile forms, and views that outlive a restart.

use app::saved_views::data::KeptView;
use server::config::SettingsArgs;

use super::common::{TestServer, browser, process::sign_in};

/// Posts `form` to server function `name` as the menu's plain form does from `page`:
/// the status, where it sends the browser, and the body.
async fn form(
    http: &reqwest::Client,
    base: &str,
    name: &str,
    page: &str,
    form: &[(&str, &str)],
) -> (u16, Option<String>, String) {
    let response = http
        .post(format!("{base}/api/{name}"))
        .header("accept", "text/html,application/xhtml+xml")
        .header("sec-fetch-site", "same-origin")
        .header("referer", format!("{base}{page}"))
        .form(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned());
    (status, location, response.text().await.unwrap())
}

async fn views(http: &reqwest::Client, base: &str) -> Vec<KeptView> {
    let response = http
        .post(format!("{base}/api/saved_views"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn named<'a>(views: &'a [KeptView], name: &str) -> &'a KeptView {
    views
        .iter()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("no view {name:?} in {views:?}"))
}

async fn two_people_and_an_admin(args: SettingsArgs) {
    let server = TestServer::start(args.clone()).await;
    let base = server.base.clone();
    let (alice, bob) = (browser(), browser());
    sign_in(&alice, &base, "alice", "alice").await;
    sign_in(&bob, &base, "bob", "bob").await;

    // alice keeps the pending workloads of her team, shared, and her own sort.
    let pending = "/workloads?filterBy=phase%3D%3DPending&sortBy=name";
    let saved = form(
        &alice,
        &base,
        "save_view",
        pending,
        &[
            ("name", "  Research pending "),
            ("link", pending),
            ("shared", "on"),
        ],
    )
    .await;
    assert_eq!(
        (saved.0, saved.1.as_deref()),
        (302, Some(&*format!("{base}{pending}"))),
        "back to the page"
    );
    form(
        &alice,
        &base,
        "save_view",
        "/ledger",
        &[("name", "My ledger"), ("link", "/ledger?window=30d")],
    )
    .await;

    // The menu, as each person reads it: shared first, personal only to its owner.
    let (status, page) = {
        let response = alice.get(format!("{base}/queue")).send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    };
    assert_eq!(status, 200);
    assert!(
        page.contains("Shared with the team"),
        "the menu is in the header"
    );
    let shared_at = page.find("Research pending").expect("her shared view");
    let own_at = page.find("My ledger").expect("her own view");
    assert!(shared_at < own_at, "shared views come first");
    assert!(
        page.contains(&format!("href=\"{}\"", pending.replace('&', "&amp;"))),
        "a view is its link"
    );
    let his = bob
        .get(format!("{base}/overview"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(his.contains("Research pending") && his.contains("saved by alice"));
    assert!(
        !his.contains("My ledger"),
        "another's personal view is never shown"
    );
    assert!(
        !his.contains("Change “Research pending”"),
        "nor offered for change"
    );

    let alices = views(&alice, &base).await;
    let shared = named(&alices, "Research pending").clone();
    let personal = named(&alices, "My ledger").clone();
    assert!(shared.shared && shared.may_change && !personal.shared);

    // bob may not change alice's shared view, nor find her personal one.
    let refused = form(
        &bob,
        &base,
        "delete_view",
        "/overview",
        &[("id", &shared.id)],
    )
    .await;
    assert_eq!(refused.0, 403, "{}", refused.2);
    assert!(
        refused
            .2
            .contains("Only the person who saved this view, or an admin"),
        "{}",
        refused.2
    );
    assert!(
        refused.2.contains("href=\"/overview\""),
        "a way back: {}",
        refused.2
    );
    let hidden = form(
        &bob,
        &base,
        "rename_view",
        "/overview",
        &[("id", &personal.id), ("name", "x")],
    )
    .await;
    assert_eq!(hidden.0, 404, "{}", hidden.2);

    // Hostile and bad forms get a 400 that says why; nothing is kept.
    for (fields, why) in [
        (
            vec![("name", "x"), ("link", "https://evil.example/workloads")],
            "can be kept as views",
        ),
        (
            vec![("name", "x"), ("link", "/workloads/some-id")],
            "can be kept as views",
        ),
        (
            vec![("name", "   "), ("link", "/queue")],
            "Give the view a name",
        ),
        (
            vec![("name", &*"n".repeat(81)), ("link", "/queue")],
            "at most 80 characters",
        ),
        (
            vec![("name", "x"), ("link", "/queue"), ("shared", "yes please")],
            "",
        ),
        (vec![("link", "/queue")], ""),
    ] {
        let (status, _, body) = form(&bob, &base, "save_view", "/queue", &fields).await;
        assert_eq!(status, 400, "{fields:?}: {body}");
        assert!(body.contains(why), "{fields:?}: {body}");
    }
    assert_eq!(
        views(&bob, &base).await.len(),
        1,
        "only alice's shared view"
    );

    // The owner points her view at another filter; the admin renames it.
    let running = "/workloads?filterBy=phase%3D%3DRunning";
    let relinked = form(
        &alice,
        &base,
        "replace_view",
        running,
        &[("id", &shared.id), ("link", running)],
    )
    .await;
    assert_eq!(relinked.0, 302, "{}", relinked.2);
    let renamed = form(
        &server.http,
        &base,
        "rename_view",
        "/queue",
        &[("id", &shared.id), ("name", "Research running")],
    )
    .await;
    assert_eq!(
        renamed.0, 302,
        "an admin may change a shared view: {}",
        renamed.2
    );
    let seen = views(&bob, &base).await;
    assert_eq!(named(&seen, "Research running").link, running);
    assert!(!seen[0].may_change);

    // Both outlive a restart on the same database.
    let data = server.stop().await;
    let mut again = args;
    again
        .ledger
        .data_dir
        .get_or_insert_with(|| data.path().join("data"));
    let server = TestServer::start(again).await;
    let alice = browser();
    sign_in(&alice, &server.base, "alice", "alice").await;
    let kept = views(&alice, &server.base).await;
    let names: Vec<&str> = kept.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Research running", "My ledger"]);
    // Deleted by its owner, it is gone for everyone.
    let gone = form(
        &alice,
        &server.base,
        "delete_view",
        "/queue",
        &[("id", &kept[0].id)],
    )
    .await;
    assert_eq!(gone.0, 302);
    let bob = browser();
    sign_in(&bob, &server.base, "bob", "bob").await;
    assert!(views(&bob, &server.base).await.is_empty());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saved_views_on_sqlite_across_two_people_an_admin_and_a_restart() {
    two_people_and_an_admin(SettingsArgs::default()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saved_views_on_postgres_across_two_people_an_admin_and_a_restart() {
    let server = std::env::var("RUNBOARD_TEST_POSTGRES_URL").expect(
        "RUNBOARD_TEST_POSTGRES_URL names the test PostgreSQL server: run the tests through \
         scripts/test.sh, which starts one",
    );
    let url = ledger::store::Store::new_postgres_database(&server, "views")
        .await
        .unwrap();
    let mut args = SettingsArgs::default();
    args.ledger.database_url = Some(url.into());
    two_people_and_an_admin(args).await;
}
