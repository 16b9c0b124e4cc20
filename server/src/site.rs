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

use std::{
    fs, io,
    path::{Path, PathBuf},
};

use sha2::{Digest, Sha256};

use crate::config::Settings;

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
        let site = match (&settings.site_root, carried()) {
            (Some(root), _) => Self::beside_binary(root.clone(), "the folder given"),
            (None, Some(files)) => unpack(&settings.ledger.data_dir, &files)?,
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
    let mut files = vec!["favicon.svg".to_owned(), "vendor/echarts.min.js".to_owned()];
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

/// The files this binary carries, by name (`hash.txt` among them).
fn carried() -> Option<Vec<(&'static str, &'static [u8])>> {
    #[cfg(runboard_embedded_site)]
    {
        static BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/site.bin"));
        Some(read_blob(BLOB))
    }
    #[cfg(not(runboard_embedded_site))]
    None
}

/// The files packed by the build script: each a name's length (u32), the name, the
/// bytes' length (u64), the bytes.
#[cfg_attr(not(runboard_embedded_site), allow(dead_code))]
fn read_blob(mut blob: &'static [u8]) -> Vec<(&'static str, &'static [u8])> {
    let mut files = Vec::new();
    let take = |n: usize, blob: &mut &'static [u8]| {
        let (head, rest) = blob.split_at(n);
        *blob = rest;
        head
    };
    while !blob.is_empty() {
        let len = u32::from_le_bytes(take(4, &mut blob).try_into().expect("4 bytes")) as usize;
        let name =
            std::str::from_utf8(take(len, &mut blob)).expect("the build script writes UTF-8 names");
        let len = u64::from_le_bytes(take(8, &mut blob).try_into().expect("8 bytes")) as usize;
        files.push((name, take(len, &mut blob)));
    }
    files
}

/// Writes the carried files under `data_dir/site-<digest>/` unless a previous start did,
/// through a temporary folder renamed into place, so a half-written site is never used.
fn unpack(data_dir: &Path, files: &[(&str, &[u8])]) -> Result<Site, SiteError> {
    // Absolute: Leptos joins the hash file's path to the binary's folder.
    let data_dir = &std::path::absolute(data_dir).map_err(|source| SiteError::Unpack {
        path: data_dir.to_owned(),
        source,
    })?;
    let mut digest = Sha256::new();
    for (name, bytes) in files {
        digest.update(name.as_bytes());
        digest.update(bytes);
    }
    let digest: String = digest.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let dir = data_dir.join(format!("site-{digest}"));
    let site = Site {
        root: dir.join("site"),
        hash_file: Some(dir.join("hash.txt")),
        origin: "carried by the binary",
    };
    if dir.is_dir() {
        return Ok(site);
    }
    let failed = |source| SiteError::Unpack {
        path: dir.clone(),
        source,
    };
    let partial = data_dir.join(format!(".site-{digest}-{}", std::process::id()));
    for (name, bytes) in files {
        let path = match *name {
            "hash.txt" => partial.join(name),
            name => partial.join("site").join(name),
        };
        fs::create_dir_all(path.parent().expect("a file has a folder")).map_err(failed)?;
        fs::write(&path, bytes).map_err(failed)?;
    }
    match fs::rename(&partial, &dir) {
        Ok(()) => Ok(site),
        // Another process unpacked the same site first.
        Err(_) if dir.is_dir() => {
            let _ = fs::remove_dir_all(&partial);
            Ok(site)
        }
        Err(err) => Err(failed(err)),
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
            "vendor/echarts.min.js",
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

    #[test]
    fn the_packed_files_read_back_by_name() {
        let mut blob = Vec::new();
        for (name, bytes) in [("hash.txt", &b"js: a"[..]), ("pkg/x.js", &b""[..])] {
            blob.extend_from_slice(&(name.len() as u32).to_le_bytes());
            blob.extend_from_slice(name.as_bytes());
            blob.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            blob.extend_from_slice(bytes);
        }
        let files = read_blob(Box::leak(blob.into_boxed_slice()));
        assert_eq!(files, [("hash.txt", &b"js: a"[..]), ("pkg/x.js", &b""[..])]);
    }

    #[test]
    fn carried_files_unpack_once_and_read_back() {
        let data = tempfile::tempdir().unwrap();
        let files = [
            ("hash.txt", &b"js: a\n"[..]),
            ("pkg/runboard.a.js", &b"x"[..]),
        ];
        let site = unpack(data.path(), &files).unwrap();
        assert!(site.root.is_absolute() && site.hash_file.as_ref().unwrap().is_absolute());
        assert_eq!(fs::read(site.root.join("pkg/runboard.a.js")).unwrap(), b"x");
        assert_eq!(site.hashes().as_deref(), Some("js: a\n"));
        let again = unpack(data.path(), &files).unwrap();
        assert_eq!(again.root, site.root);
        let entries = fs::read_dir(data.path()).unwrap().count();
        assert_eq!(entries, 1, "no partial folder left behind");
    }
}
