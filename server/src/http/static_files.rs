//! The site's static files: the hydration script, WASM and CSS (`/pkg`) and ECharts
//! (`/vendor`), read into memory at start-up and answered from there, with the brotli
//! and gzip copies cargo-leptos writes (`--precompress`) when the browser accepts them,
//! and cache headers by name: a name with a content hash never changes, so it is cached
//! for a year; any other name is revalidated on every use (a 304 when unchanged, by
//! `ETag` or `Last-Modified`). Nothing touches the disk per request.

use std::{collections::HashMap, fs, io, path::Path, sync::Arc, time::SystemTime};

use axum::{
    Router,
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use sha2::{Digest, Sha256};

/// Cached for a year and never revalidated: the name changes with the content.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cached, but asked about on every use.
const REVALIDATE: &str = "no-cache";

/// One file and its precompressed copies, with the headers every answer carries.
struct Asset {
    plain: Bytes,
    brotli: Option<Bytes>,
    gzip: Option<Bytes>,
    content_type: HeaderValue,
    cache_control: HeaderValue,
    etag: HeaderValue,
    last_modified: HeaderValue,
}

/// The files under `/pkg` and `/vendor`, by URL path.
#[derive(Clone, Default)]
pub struct StaticFiles(Arc<HashMap<String, Asset>>);

impl StaticFiles {
    /// Reads `pkg/` and `vendor/` under `site_root` (either may be missing).
    pub fn load(site_root: &Path) -> io::Result<Self> {
        let mut files = HashMap::new();
        for dir in ["pkg", "vendor"] {
            let folder = site_root.join(dir);
            let Ok(entries) = fs::read_dir(&folder) else {
                continue;
            };
            for entry in entries {
                let path = entry?.path();
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                if !path.is_file() || name.ends_with(".br") || name.ends_with(".gz") {
                    continue;
                }
                let url = format!("/{dir}/{name}");
                files.insert(url.clone(), Asset::read(&path, &url)?);
            }
        }
        Ok(Self(Arc::new(files)))
    }

    /// `/pkg/*` and `/vendor/*`, answered from memory.
    pub fn routes<S: Clone + Send + Sync + 'static>(self) -> Router<S> {
        Router::new()
            .route("/pkg/{*file}", get(answer))
            .route("/vendor/{*file}", get(answer))
            .with_state(self)
    }
}

impl Asset {
    fn read(path: &Path, url: &str) -> io::Result<Self> {
        let plain = fs::read(path)?;
        let copy = |suffix: &str| {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            fs::read(name).ok().map(Bytes::from)
        };
        let digest = Sha256::digest(&plain);
        let etag: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        let modified = fs::metadata(path)?.modified().unwrap_or(SystemTime::now());
        Ok(Self {
            brotli: copy(".br"),
            gzip: copy(".gz"),
            plain: Bytes::from(plain),
            content_type: HeaderValue::from_static(content_type(url)),
            cache_control: HeaderValue::from_static(if has_content_hash(url) {
                IMMUTABLE
            } else {
                REVALIDATE
            }),
            etag: HeaderValue::from_str(&format!("\"{etag}\"")).expect("hex is a header value"),
            last_modified: HeaderValue::from_str(&httpdate(modified))
                .expect("a date is a header value"),
        })
    }
}

async fn answer(State(files): State<StaticFiles>, request: Request) -> Response {
    let path = request.uri().path();
    let Some(asset) = files.0.get(path) else {
        return (
            StatusCode::NOT_FOUND,
            format!(
                "404 Not Found: nothing at {path}. The page that linked it may be from \
                 an older version of the dashboard: reload it."
            ),
        )
            .into_response();
    };
    let headers = request.headers();
    let unchanged = match headers.get(header::IF_NONE_MATCH) {
        Some(tags) => tags.as_bytes().split(|b| *b == b',').any(|tag| {
            let tag = tag.trim_ascii();
            tag == b"*" || tag.strip_prefix(b"W/").unwrap_or(tag) == asset.etag.as_bytes()
        }),
        None => headers
            .get(header::IF_MODIFIED_SINCE)
            .is_some_and(|since| since == asset.last_modified),
    };
    let mut response = if unchanged {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let (body, encoding) = match accepted(headers) {
            (true, _) if asset.brotli.is_some() => (asset.brotli.clone(), Some("br")),
            (_, true) if asset.gzip.is_some() => (asset.gzip.clone(), Some("gzip")),
            _ => (Some(asset.plain.clone()), None),
        };
        let mut response = Response::new(Body::from(body.unwrap_or_default()));
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, asset.content_type.clone());
        if let Some(encoding) = encoding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        response
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, asset.cache_control.clone());
    headers.insert(header::ETAG, asset.etag.clone());
    headers.insert(header::LAST_MODIFIED, asset.last_modified.clone());
    // The same URL answers brotli, gzip or plain bytes by `Accept-Encoding`; a shared
    // cache must keep them apart.
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// Whether the request accepts brotli, and gzip (`q=0` refuses).
fn accepted(headers: &HeaderMap) -> (bool, bool) {
    let mut accepts = (false, false);
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        for item in value.to_str().unwrap_or_default().split(',') {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or_default().trim();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q == 0.0))
            });
            match coding {
                "br" => accepts.0 = !refused,
                "gzip" => accepts.1 = !refused,
                _ => {}
            }
        }
    }
    accepts
}

/// The media type by the name's extension.
fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "html" => "text/html; charset=utf-8",
        "map" | "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// An HTTP date (RFC 9110, IMF-fixdate), e.g. `Fri, 04 Dec 2026 23:06:32 GMT`.
fn httpdate(time: SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(time)
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

/// Whether the file name carries a content hash, as cargo-leptos writes them:
/// `runboard.<hash>.wasm` — a middle part of at least 16 letters, digits, `-` or `_`.
fn has_content_hash(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts[1..parts.len() - 1].iter().any(|part| {
            part.len() >= 16
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// Whether the site under `site_root` was built without `cargo leptos --split`: its
/// script then imports a placeholder module no browser can load, and no page hydrates.
pub fn built_without_split(site_root: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(site_root.join("pkg")) else {
        return false;
    };
    entries.flatten().any(|entry| {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        name.starts_with(app::assets::OUTPUT_NAME)
            && name.ends_with(".js")
            && std::fs::read_to_string(entry.path())
                .is_ok_and(|script| script.contains("\"__wasm_split_placeholder__\""))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_built_without_split_is_recognised() {
        let site = tempfile::tempdir().unwrap();
        assert!(!built_without_split(site.path()), "no site at all");
        std::fs::create_dir_all(site.path().join("pkg")).unwrap();
        let script = site.path().join("pkg/runboard.AbCdEfGhIjKlMnOpQr.js");
        std::fs::write(&script, "import * as a from \"./__wasm_split.x.js\";").unwrap();
        assert!(!built_without_split(site.path()));
        std::fs::write(
            &script,
            "import * as import1 from \"__wasm_split_placeholder__\"",
        )
        .unwrap();
        assert!(built_without_split(site.path()));
    }

    #[test]
    fn accept_encoding_is_read_with_its_refusals() {
        let accepts = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(value).unwrap(),
            );
            accepted(&headers)
        };
        assert_eq!(accepts("gzip, deflate, br, zstd"), (true, true));
        assert_eq!(accepts("gzip;q=0.5"), (false, true));
        assert_eq!(accepts("br;q=0, gzip"), (false, true));
        assert_eq!(accepts("identity"), (false, false));
        assert_eq!(accepted(&HeaderMap::new()), (false, false));
    }

    #[test]
    fn hashed_names_are_told_from_plain_ones() {
        assert!(has_content_hash("/pkg/runboard.3kX9aTgH_vQ2pL-7xYz1w.wasm"));
        assert!(has_content_hash("/pkg/runboard.0123456789abcdef01.js"));
        assert!(!has_content_hash("/pkg/runboard.wasm"));
        assert!(!has_content_hash("/pkg/runboard_bg.wasm.d.ts"));
        assert!(!has_content_hash("/vendor/echarts-lines.min.js"));
        assert!(!has_content_hash("/pkg/runboard.short.js"));
    }
}
