#!/usr/bin/env bash
# Installs whatever building and serving Runboard needs and is missing; with --test,
# also what its tests need (Chromium, Redis, PostgreSQL, cargo-nextest, buildah, umoci).
# Safe to run again: every step checks first and skips what is already there at the
# pinned version.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10 # 0.3.11 needs rustc 1.96; this workspace pins 1.95
APT_PACKAGES=()
if [ "${1:-}" = "--test" ]; then
  APT_PACKAGES=(chromium redis-server postgresql buildah umoci)
fi
# Build tools are compiled for this machine, not for shipping: without their own
# whole-program optimisation (cargo-leptos asks for `lto = true, codegen-units = 1`) and
# at optimisation level 1, which on two cores saves most of their compile time for
# little speed they would use (they spend a build's few seconds in it); brotli, which
# compresses the site at its highest level, keeps full optimisation.
export CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1
TOOL_PROFILE=(--config 'profile.release.package.brotli.opt-level=3')
# One target directory for all of them, so what they share is compiled once; removed
# once they are installed.
TOOLS_TARGET=target/build-tools

step() { printf '\n==> %s\n' "$*"; }
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "setup: '$*' needs root (or sudo)" >&2; exit 1
  fi
}

step "Debian packages: ${APT_PACKAGES[*]:-none} (and curl, npm, python3-venv)"
missing=()
for pkg in "${APT_PACKAGES[@]+"${APT_PACKAGES[@]}"}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
command -v npm >/dev/null || missing+=(nodejs npm)
command -v curl >/dev/null || missing+=(curl)
python3 -m venv --help >/dev/null 2>&1 || missing+=(python3 python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "present"
fi

step "Rust toolchain (rust-toolchain.toml)"
command -v rustup >/dev/null || { echo "setup: rustup is required (https://rustup.rs)" >&2; exit 1; }
rustup toolchain install >/dev/null # reads rust-toolchain.toml: channel, components, wasm32 target
rustc --version

step "cargo-leptos $CARGO_LEPTOS_VERSION"
if [ "$(cargo leptos --version 2>/dev/null)" = "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
  echo "present"
else
  CARGO_TARGET_DIR=$TOOLS_TARGET cargo install "${TOOL_PROFILE[@]}" cargo-leptos \
    --version "=$CARGO_LEPTOS_VERSION" --locked
fi

if [ "${1:-}" = "--test" ]; then
  step "cargo-nextest (runs the Rust tests, each in its own process, in parallel)"
  if cargo nextest --version >/dev/null 2>&1; then
    echo "present"
  else
    CARGO_TARGET_DIR=$TOOLS_TARGET cargo install "${TOOL_PROFILE[@]}" cargo-nextest --locked
  fi
fi

# cargo-leptos would download wasm-bindgen unless the CLI on PATH matches the library.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
step "wasm-bindgen-cli $WASM_BINDGEN_VERSION (the version in Cargo.lock)"
if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  echo "present"
else
  CARGO_TARGET_DIR=$TOOLS_TARGET cargo install "${TOOL_PROFILE[@]}" wasm-bindgen-cli \
    --version "=$WASM_BINDGEN_VERSION"
fi
rm -rf "$TOOLS_TARGET"

step "npm packages (package-lock.json: echarts, esbuild, binaryen's wasm-opt, @playwright/test, @axe-core/playwright)"
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  echo "present"
else
  # Never let Playwright fetch a browser: the tests drive Debian's /usr/bin/chromium.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

step "ECharts for the site (public/vendor, git-ignored): only the charts Runboard draws"
# esbuild bundles each entry in scripts/echarts/ into public/vendor/echarts-<entry>.min.js:
# `lines` (line charts, zoom) for a workload page, `bars` (bars, donuts) for the
# overview and the ledger; a page loads the one its charts need. Each exposes the
# global `echarts`. Rebuilt when its entry or the npm packages change.
mkdir -p public/vendor
for entry in scripts/echarts/*.mjs; do
  name=$(basename "$entry" .mjs)
  bundle=public/vendor/echarts-$name.min.js
  if [ -f "$bundle" ] && [ "$bundle" -nt "$entry" ] && [ "$bundle" -nt node_modules/.package-lock.json ]; then
    echo "$bundle present"
  else
    npx --no-install esbuild "$entry" --bundle --minify --format=iife \
      --global-name=echarts --legal-comments=eof --log-level=warning --outfile="$bundle"
    echo "built $bundle: $(wc -c <"$bundle") bytes"
  fi
done
