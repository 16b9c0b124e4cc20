//! The site's static files as a browser fetches them: precompressed copies when the
//! browser accepts them, a year of caching for names with a content hash, revalidation
//! (304) for the rest. A site root of its own, so this runs without a release build.

use crate::common::TestServer;
use server::config::SettingsArgs;

const HASHED: &str = "runboard.Zk3v9QeT1xLm0aBcD7.wasm";

async fn start() -> (TestServer, tempfile::TempDir) {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::create_dir_all(site.path().join("vendor")).unwrap();
    std::fs::write(pkg.join(HASHED), b"\0asm plain").unwrap();
    std::fs::write(pkg.join(format!("{HASHED}.br")), b"brotli bytes").unwrap();
    std::fs::write(pkg.join(format!("{HASHED}.gz")), b"gzip bytes").unwrap();
    std::fs::write(
        site.path().join("vendor/echarts-lines.min.js"),
        "var echarts;".repeat(200),
    )
    .unwrap();
    let server = TestServer::start(SettingsArgs {
        site_root: Some(site.path().to_owned()),
        ..SettingsArgs::default()
    })
    .await;
    (server, site)
}

async fn get(server: &TestServer, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = server.http.get(server.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn hashed_assets_are_served_precompressed_and_immutable() {
    let (server, _site) = start().await;
    let path = format!("/pkg/{HASHED}");

    let brotli = get(&server, &path, &[("accept-encoding", "br, gzip")]).await;
    assert_eq!(brotli.status(), 200);
    assert_eq!(header(&brotli, "content-encoding"), "br");
    assert_eq!(header(&brotli, "content-type"), "application/wasm");
    assert_eq!(
        header(&brotli, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(header(&brotli, "vary"), "accept-encoding");
    assert_eq!(brotli.bytes().await.unwrap().as_ref(), b"brotli bytes");

    let gzip = get(&server, &path, &[("accept-encoding", "gzip")]).await;
    assert_eq!(header(&gzip, "content-encoding"), "gzip");
    assert_eq!(gzip.bytes().await.unwrap().as_ref(), b"gzip bytes");

    let plain = get(&server, &path, &[("accept-encoding", "identity")]).await;
    assert_eq!(header(&plain, "content-encoding"), "");
    assert_eq!(plain.bytes().await.unwrap().as_ref(), b"\0asm plain");
}

#[tokio::test]
async fn other_assets_are_revalidated_and_compressed_on_the_fly() {
    let (server, _site) = start().await;
    let first = get(
        &server,
        "/vendor/echarts-lines.min.js",
        &[("accept-encoding", "br, gzip")],
    )
    .await;
    assert_eq!(first.status(), 200);
    assert_eq!(header(&first, "cache-control"), "no-cache");
    // No precompressed copy: the compression layer does it, with gzip (brotli's
    // per-answer tables cost more than a page).
    assert_eq!(header(&first, "content-encoding"), "gzip");
    let modified = header(&first, "last-modified");
    assert!(!modified.is_empty(), "a validator to revalidate with");

    let again = get(
        &server,
        "/vendor/echarts-lines.min.js",
        &[("if-modified-since", modified.as_str())],
    )
    .await;
    assert_eq!(again.status(), 304);
    let etag = header(&first, "etag");
    let by_tag = get(
        &server,
        "/vendor/echarts-lines.min.js",
        &[("if-none-match", etag.as_str())],
    )
    .await;
    assert_eq!(by_tag.status(), 304, "revalidated by its ETag too");
}

#[tokio::test]
async fn a_missing_asset_is_a_404_with_a_message() {
    let (server, _site) = start().await;
    let response = get(&server, "/pkg/runboard.0000000000000000.js", &[]).await;
    assert_eq!(response.status(), 404);
    assert_eq!(header(&response, "cache-control"), "");
    assert!(
        response.text().await.unwrap().contains("nothing at /pkg/"),
        "explained"
    );
}
