//! The names of the site's built assets. A release build (`hash-files = true`) puts a
//! content hash in the names of the JS, WASM and CSS and lists the hashes in
//! `hash.txt`, which the server finds at start-up (beside the binary, or carried in
//! it) and remembers here; Leptos's `HydrationScripts` reads the same file for the JS
//! and WASM, and the shell asks here for the stylesheet.

/// The base name of the built JS, WASM and CSS (`cargo-leptos`'s project name).
pub const OUTPUT_NAME: &str = "runboard";

/// The hashes a release build recorded, when there is one next to the binary.
#[cfg(feature = "ssr")]
#[derive(Debug, Default, PartialEq)]
pub struct AssetHashes {
    /// The stylesheet's hash.
    pub css: Option<String>,
}

#[cfg(feature = "ssr")]
impl AssetHashes {
    /// Reads `kind: hash` lines (`js`, `wasm`, `css`), ignoring the rest.
    pub fn parse(text: &str) -> Self {
        let css = text.lines().find_map(|line| {
            let (kind, hash) = line.split_once(':')?;
            (kind.trim() == "css").then(|| hash.trim().to_owned())
        });
        Self {
            css: css.filter(|hash| !hash.is_empty()),
        }
    }
}

#[cfg(feature = "ssr")]
static HASHES: std::sync::OnceLock<AssetHashes> = std::sync::OnceLock::new();

/// Remembers the hash file's text the server found at start-up (the first one wins).
#[cfg(feature = "ssr")]
pub fn remember_hashes(text: &str) {
    let _ = HASHES.set(AssetHashes::parse(text));
}

/// The hashes the server found; `None` for builds without hashed names (debug builds,
/// tests).
#[cfg(feature = "ssr")]
pub fn hash_file() -> Option<&'static AssetHashes> {
    HASHES.get()
}

/// Where the stylesheet is served.
pub fn stylesheet_href() -> String {
    #[cfg(feature = "ssr")]
    if let Some(css) = hash_file().and_then(|hashes| hashes.css.as_deref()) {
        return format!("/pkg/{OUTPUT_NAME}.{css}.css");
    }
    format!("/pkg/{OUTPUT_NAME}.css")
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_hash_is_read_from_cargo_leptos_lines() {
        let hashes = AssetHashes::parse("js: abc123\nwasm: def456\ncss: 0fGh-_xy\n");
        assert_eq!(hashes.css.as_deref(), Some("0fGh-_xy"));
        assert_eq!(AssetHashes::parse("js: a\n").css, None);
        assert_eq!(AssetHashes::parse("css: \n").css, None);
    }
}
