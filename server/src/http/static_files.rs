//! The site's static files: the hydration script, WASM and CSS (`/pkg`) and ECharts
//! (`/vendor`), served from the site root with the precompressed copies
//! cargo-leptos writes (`precompress = true`: brotli 11, gzip) when the browser accepts
//! them, and cache headers by name: a name with a content hash never changes, so it
//! is cached for a year; any other name is revalidated on every use (a 304 when
//! unchanged).

use std::path::Path;

use axum::{
    Router,
    extract::Request,
    http::{HeaderValue, header},
    middleware::{self, Next},
    response::Response,
};
use tower_http::services::ServeDir;

/// Cached for a year and never revalidated: the name changes with the content.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cached, but asked about on every use.
const REVALIDATE: &str = "no-cache";

/// `/pkg` and `/vendor` under `site_root`.
pub fn routes<S: Clone + Send + Sync + 'static>(site_root: &Path) -> Router<S> {
    let dir = |name: &str| {
        ServeDir::new(site_root.join(name))
            .precompressed_br()
            .precompressed_gzip()
    };
    Router::new()
        .nest_service("/pkg", dir("pkg"))
        .nest_service("/vendor", dir("vendor"))
        .layer(middleware::from_fn(cache_control))
}

async fn cache_control(request: Request, next: Next) -> Response {
    let policy = if has_content_hash(request.uri().path()) {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status().is_redirection() {
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
        // The same URL answers brotli, gzip or plain bytes by `Accept-Encoding`; a
        // shared cache must keep them apart.
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
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
    fn hashed_names_are_told_from_plain_ones() {
        assert!(has_content_hash("/pkg/runboard.3kX9aTgH_vQ2pL-7xYz1w.wasm"));
        assert!(has_content_hash("/pkg/runboard.0123456789abcdef01.js"));
        assert!(!has_content_hash("/pkg/runboard.wasm"));
        assert!(!has_content_hash("/pkg/runboard_bg.wasm.d.ts"));
        assert!(!has_content_hash("/vendor/echarts.min.js"));
        assert!(!has_content_hash("/pkg/runboard.short.js"));
    }
}
