//! The site the release binary carries: the files `build.rs` packed, and their
//! unpacking into the data directory, once per build.

use std::{
    fs,
    path::Path,
    time::{Duration, SystemTime},
};

use sha2::{Digest, Sha256};

use super::{Site, SiteError};

/// The files this binary carries, by name (`hash.txt` among them).
pub(super) fn files() -> Option<Vec<(&'static str, &'static [u8])>> {
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
pub(super) fn unpack(data_dir: &Path, files: &[(&str, &[u8])]) -> Result<Site, SiteError> {
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
    forget_other_builds(data_dir, &dir);
    if dir.is_dir() {
        mark_used(&dir);
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
        Ok(()) => {
            mark_used(&dir);
            Ok(site)
        }
        // Another process unpacked the same site first.
        Err(_) if dir.is_dir() => {
            let _ = fs::remove_dir_all(&partial);
            Ok(site)
        }
        Err(err) => Err(failed(err)),
    }
}

/// How long another build's unpacked site is kept after it was last started: long past
/// any rolling update, in which the old build still serves from its own folder.
const KEEP_OTHER_BUILDS: Duration = Duration::from_secs(7 * 24 * 3600);

/// Records that this build's site was started now (its folder's modification time).
fn mark_used(dir: &Path) {
    if let Err(err) = fs::File::open(dir).and_then(|folder| folder.set_modified(SystemTime::now()))
    {
        tracing::debug!("could not mark {} as used: {err}", dir.display());
    }
}

/// Removes the sites other builds unpacked into `data_dir` and that none started for
/// [`KEEP_OTHER_BUILDS`] (3.4 MB each; one per upgrade otherwise piles up).
fn forget_other_builds(data_dir: &Path, current: &Path) {
    let Ok(entries) = fs::read_dir(data_dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let is_site = name.to_str().is_some_and(|name| {
            name.strip_prefix("site-").is_some_and(|digest| {
                digest.len() == 16 && digest.bytes().all(|b| b.is_ascii_hexdigit())
            })
        });
        let stale = entry
            .metadata()
            .and_then(|meta| meta.modified())
            .is_ok_and(|at| now.duration_since(at).unwrap_or_default() > KEEP_OTHER_BUILDS);
        if is_site && stale && path != current && path.is_dir() {
            match fs::remove_dir_all(&path) {
                Ok(()) => {
                    tracing::info!("removed another build's unpacked site {}", path.display())
                }
                Err(err) => tracing::warn!("could not remove {}: {err}", path.display()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn other_builds_sites_go_once_unused_for_a_week() {
        let data = tempfile::tempdir().unwrap();
        let aged = |name: &str, days: u64| {
            let dir = data.path().join(name);
            fs::create_dir_all(dir.join("site")).unwrap();
            let at = SystemTime::now() - Duration::from_secs(days * 24 * 3600);
            fs::File::open(&dir).unwrap().set_modified(at).unwrap();
            dir
        };
        let old = aged("site-00112233aabbccdd", 8);
        let recent = aged("site-0011223344556677", 2);
        let not_a_site = aged("site-notes", 30);
        let files = [("hash.txt", &b"js: a\n"[..])];
        let site = unpack(data.path(), &files).unwrap();
        assert!(!old.exists(), "a build unused for 8 days is removed");
        assert!(
            recent.exists(),
            "a build used 2 days ago may still be serving"
        );
        assert!(
            not_a_site.exists(),
            "only folders named as sites are touched"
        );
        // This build's own folder is marked as used, even when it was unpacked long ago.
        let own = site.root.parent().unwrap().to_owned();
        fs::File::open(&own)
            .unwrap()
            .set_modified(SystemTime::now() - Duration::from_secs(30 * 24 * 3600))
            .unwrap();
        unpack(data.path(), &files).unwrap();
        let age = fs::metadata(&own)
            .unwrap()
            .modified()
            .unwrap()
            .elapsed()
            .unwrap();
        assert!(age < Duration::from_secs(3600), "{age:?}");
    }
}
