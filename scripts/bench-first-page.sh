#!/usr/bin/env bash
# A newcomer's first page, timed (a benchmark, not part of the test command): clones this
# repository into a new folder and runs `scripts/run.sh` there with nothing of
# Runboard's own present (a new CARGO_HOME, so cargo-leptos, wasm-bindgen-cli and every
# crate are fetched and compiled again; a new npm cache), until the dashboard answers
# its first page. Prints each line of the run with the seconds since the clone began.
#   scripts/bench-first-page.sh [folder=$(mktemp -d)]
# The machine's Rust toolchain (rustup) and Debian packages are used as they are, as on
# a fresh machine of this kind. Takes about 20 minutes and ~6 GB in the folder.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work/bin"
# Only the toolchain's own commands: not the cargo-leptos or wasm-bindgen of ~/.cargo/bin.
for tool in cargo rustc rustup rustfmt rustdoc cargo-fmt cargo-clippy clippy-driver; do
  ln -sf "$(command -v "$tool")" "$work/bin/$tool"
done
export CARGO_HOME="$work/cargo-home" npm_config_cache="$work/npm-cache"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
export PATH="$work/bin:$CARGO_HOME/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin"
port=3555
export RUNBOARD_ADDR=127.0.0.1:$port RUNBOARD_DATA_DIR="$work/data"
start=$(date +%s)
stamp() { while IFS= read -r line; do printf '%5d s  %s\n' $(($(date +%s) - start)) "$line"; done; }
{
  echo "==> git clone"
  git clone -q "$repo" "$work/runboard"
  cd "$work/runboard"
  setsid scripts/run.sh 2>&1 &
  run=$!
  trap 'kill -- -$run 2>/dev/null || true' EXIT
  until curl -fs -o /dev/null "http://127.0.0.1:$port/workloads"; do
    kill -0 $run 2>/dev/null || { echo "scripts/run.sh stopped before serving"; exit 1; }
    sleep 1
  done
  echo "==> first page served (http://127.0.0.1:$port/workloads)"
} 2>&1 | stamp | grep --line-buffered -E "==>|Finished|error|stopped"
