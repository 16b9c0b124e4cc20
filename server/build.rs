//! Build-time facts the binary carries:
//!
//! - `RUNBOARD_COMMIT`: the commit it is built from (`git rev-parse`), or `unknown`
//!   outside a git checkout, for `--version`, the footer and `/metrics`.
//! - The built site, when cargo-leptos builds the release server after the site
//!   (`LEPTOS_HASH_FILES=true`): every file under `LEPTOS_SITE_ROOT` and the hash
//!   file, packed into `$OUT_DIR/site.bin` and flagged by `cfg(runboard_embedded_site)`,
//!   so the binary alone serves the dashboard.

use std::{
    env, fs,
    path::{Path, PathBuf},
    process::Command,
};

fn main() {
    println!("cargo:rustc-check-cfg=cfg(runboard_embedded_site)");
    commit();
    site();
}

fn commit() {
    println!("cargo:rerun-if-env-changed=RUNBOARD_COMMIT");
    let commit = env::var("RUNBOARD_COMMIT").ok().or_else(|| {
        let out = Command::new("git")
            .args(["rev-parse", "--short=12", "HEAD"])
            .output()
            .ok()?;
        let commit = String::from_utf8(out.stdout).ok()?.trim().to_owned();
        (out.status.success() && !commit.is_empty()).then_some(commit)
    });
    println!(
        "cargo:rustc-env=RUNBOARD_COMMIT={}",
        commit.unwrap_or_else(|| "unknown".to_owned())
    );
    // A new commit moves HEAD or the branch it names; only paths that exist are
    // watched (a missing one would rerun this script on every build).
    let git = Path::new("../.git");
    for path in [
        git.join("HEAD"),
        git.join("refs/heads"),
        git.join("packed-refs"),
    ] {
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
}

fn site() {
    for name in [
        "LEPTOS_HASH_FILES",
        "LEPTOS_SITE_ROOT",
        "LEPTOS_HASH_FILE_NAME",
    ] {
        println!("cargo:rerun-if-env-changed={name}");
    }
    if env::var("LEPTOS_HASH_FILES").as_deref() != Ok("true") {
        return;
    }
    let workspace = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap()).join("..");
    let root =
        workspace.join(env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into()));
    let hash_name = env::var("LEPTOS_HASH_FILE_NAME").unwrap_or_else(|_| "hash.txt".into());
    let profile = env::var("PROFILE").unwrap_or_default();
    let hash_file = [
        workspace.join(&hash_name),
        workspace.join("target").join(&profile).join(&hash_name),
    ]
    .into_iter()
    .find(|path| path.is_file());
    let (Some(hash_file), true) = (hash_file, root.join("pkg").is_dir()) else {
        println!(
            "cargo:warning=no built site to embed under {}",
            root.display()
        );
        return;
    };
    let mut blob = Vec::new();
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    for (name, path) in files {
        pack(&mut blob, &name, &fs::read(&path).unwrap());
        println!("cargo:rerun-if-changed={}", path.display());
    }
    pack(&mut blob, "hash.txt", &fs::read(&hash_file).unwrap());
    println!("cargo:rerun-if-changed={}", hash_file.display());
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("site.bin");
    fs::write(out, blob).unwrap();
    println!("cargo:rustc-cfg=runboard_embedded_site");
}

/// Every file under `dir`, named by its path from `root` with `/`.
fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, files);
        } else {
            let name = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.push((name, path));
        }
    }
}

/// One file: its name's length (u32, little-endian), its name, its length (u64), its bytes.
fn pack(blob: &mut Vec<u8>, name: &str, bytes: &[u8]) {
    blob.extend_from_slice(&(name.len() as u32).to_le_bytes());
    blob.extend_from_slice(name.as_bytes());
    blob.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    blob.extend_from_slice(bytes);
}
