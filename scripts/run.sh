#!/usr/bin/env bash
# Installs what is missing, builds the release site and serves the dashboard on the
# embedded Run:ai simulator at http://127.0.0.1:3000 (RUNBOARD_ADDR to change).
# Extra arguments go to `runboard` (see `./target/release/runboard --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
printf '\n==> Release build (cargo leptos build --release --split --precompress)\n'
cargo leptos build --release --split --precompress
printf '\n==> Serving\n'
exec ./target/release/runboard "$@"
