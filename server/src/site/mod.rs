//! The built site the dashboard serves (`pkg/` from cargo-leptos, `vendor/`, the
//! favicon) and the hash file that names its JS, WASM and CSS, found at start-up:
//!
//! 1. a folder given (`RUNBOARD_SITE_ROOT`, or cargo-leptos's `LEPTOS_SITE_ROOT`), with the hash file
//!    beside the binary, as cargo-leptos lays them out: for development;
//! 2. else the site the release binary carries, unpacked once per build into the data
//!    directory (`site-<digest>/`), so the binary alone serves the dashboard;
//! 3. else `site` beside the binary's folder, or `./target/site`.
//!
//! A release build names its files by content hash; a site that lacks a file its pages
//! link is refused at start-up, naming the file, rather than served as broken pages.

use std::{fs, io, path::PathBuf};

use crate::config::Settings;

mod carried;

/// Whether this binary was built with hashed asset names (`cargo leptos build
/// --release`), and so needs a hash file to link its pages' files.
fn hashed() -> bool {
    option_env!("LEPTOS_HASH_FILES") == Some("true")
}

/// The site as found at start-up.
#[derive(Debug, Clone)]
pub struct Site {
    /// The folder served.
    pub root: PathBuf,
    /// The hash file naming the JS, WASM and CSS, for hashed builds.
    pub hash_file: Option<PathBuf>,
    /// Where it came from, for the start-up log.
    pub origin: &'static str,
}

/// Why the site cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error(
        "the site at {root} lacks {file}, which its pages link: build it with \
         `cargo leptos build --release --split --precompress`, or leave RUNBOARD_SITE_ROOT unset to \
         serve the site this binary carries"
    )]
    Missing { root: PathBuf, file: String },
    #[error(
        "this release build names its files by content hash, but no hash file was found \
         beside it ({0}) and it carries no site: copy the binary from \
         `cargo leptos build --release --split --precompress`, which carries both"
    )]
    NoHashFile(PathBuf),
    #[error("cannot read the site at {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot unpack the site this binary carries into {path}: {source}")]
    Unpack { path: PathBuf, source: io::Error },
}

impl Site {
    /// Finds the site for `settings` (unpacking the carried one when needed) and
    /// checks that every file its pages link is there.
    pub fn find(settings: &Settings) -> Result<Self, SiteError> {
        let site = match (&settings.site_root, carried::files()) {
            (Some(root), _) => Self::beside_binary(root.clone(), "the folder given"),
            (None, Some(files)) => carried::unpack(&settings.ledger.data_dir, &files)?,
            (None, None) => Self::beside_binary(default_root(), "the build folder"),
        };
        site.check(hashed())?;
        Ok(site)
    }

    fn beside_binary(root: PathBuf, origin: &'static str) -> Self {
        let hash_file = std::env::current_exe()
            .ok()
            .and_then(|exe| Some(exe.parent()?.join("hash.txt")))
            .filter(|path| path.is_file());
        Self {
            root,
            hash_file,
            origin,
        }
    }

    /// The hash file's text, when there is one.
    pub fn hashes(&self) -> Option<String> {
        fs::read_to_string(self.hash_file.as_ref()?).ok()
    }

    /// Every file the pages link is under the root, for a build with `hashed` names.
    fn check(&self, hashed: bool) -> Result<(), SiteError> {
        if !hashed {
            // A development build: cargo-leptos serves what it just built.
            return Ok(());
        }
        let Some(hashes) = self.hashes() else {
            let beside = std::env::current_exe()
                .unwrap_or_default()
                .with_file_name("hash.txt");
            return Err(SiteError::NoHashFile(beside));
        };
        for file in linked_files(&hashes) {
            if !self.root.join(&file).is_file() {
                return Err(SiteError::Missing {
                    root: self.root.clone(),
                    file,
                });
            }
        }
        Ok(())
    }
}

/// The files every page links, for the hashes in `hash.txt` (`js: …`, `wasm: …`,
/// `css: …`, `split: …`, `manifest: …`).
fn linked_files(hashes: &str) -> Vec<String> {
    let name = app::assets::OUTPUT_NAME;
    let mut files = [
        "favicon.svg",
        "vendor/echarts-lines.min.js",
        "vendor/echarts-bars.min.js",
    ]
    .map(str::to_owned)
    .to_vec();
    for line in hashes.lines() {
        let Some((kind, hash)) = line.split_once(':') else {
            continue;
        };
        let hash = hash.trim();
        files.push(match kind.trim() {
            "js" => format!("pkg/{name}.{hash}.js"),
            "wasm" => format!("pkg/{name}.{hash}.wasm"),
            "css" => format!("pkg/{name}.{hash}.css"),
            "split" => format!("pkg/__wasm_split.{hash}.js"),
            "manifest" => format!("pkg/__wasm_split_manifest.{hash}.json"),
            _ => continue,
        });
    }
    files
}

/// `site` beside the binary's folder (`target/release/runboard` → `target/site`), else
/// `./target/site`.
fn default_root() -> PathBuf {
    let beside_binary = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.join("site")));
    match beside_binary {
        Some(dir) if dir.join("pkg").is_dir() => dir,
        _ => PathBuf::from("target/site"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_link_the_hashed_js_wasm_css_and_split_files() {
        let files = linked_files("js: aaa\nwasm: bbb\ncss: ccc\nmanifest: ddd\nsplit: eee\n");
        for file in [
            "pkg/runboard.aaa.js",
            "pkg/runboard.bbb.wasm",
            "pkg/runboard.ccc.css",
            "pkg/__wasm_split_manifest.ddd.json",
            "pkg/__wasm_split.eee.js",
            "favicon.svg",
            "vendor/echarts-lines.min.js",
            "vendor/echarts-bars.min.js",
        ] {
            assert!(files.iter().any(|f| f == file), "{file}: {files:?}");
        }
    }

    #[test]
    fn a_site_lacking_a_linked_file_is_refused_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let hash_file = dir.path().join("hash.txt");
        fs::write(&hash_file, "js: aaa\ncss: ccc\n").unwrap();
        let root = dir.path().join("site");
        for file in [
            "favicon.svg",
            "vendor/echarts-lines.min.js",
            "vendor/echarts-bars.min.js",
            "pkg/runboard.aaa.js",
        ] {
            fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
            fs::write(root.join(file), "x").unwrap();
        }
        let site = Site {
            root: root.clone(),
            hash_file: Some(hash_file),
            origin: "test",
        };
        let err = site.check(true).unwrap_err().to_string();
        assert!(err.contains("lacks pkg/runboard.ccc.css"), "{err}");
        fs::write(root.join("pkg/runboard.ccc.css"), "x").unwrap();
        site.check(true).unwrap();
        let no_hashes = Site {
            hash_file: None,
            ..site
        };
        assert!(matches!(
            no_hashes.check(true),
            Err(SiteError::NoHashFile(_))
        ));
        assert!(
            no_hashes.check(false).is_ok(),
            "a development build is not checked"
        );
    }
}
