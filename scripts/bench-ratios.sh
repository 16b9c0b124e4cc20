#!/usr/bin/env bash
# The server's performance figures in one run (a benchmark, not part of the test command):
#   scripts/bench-ratios.sh [concurrency=16] [seconds=15] [sessions=1000]
# Starts a standalone simulator with 100,000 workloads (port 3410) playing the Run:ai
# control plane, and the release dashboard in `user` mode in front of it (port 3411),
# then runs server/examples/ratios.rs: the raw upstream list call's requests/s, the
# server-rendered /workloads?limit=50's requests/s and their ratio, and the
# dashboard's RSS with many sessions. Build first: `cargo leptos build --release --split --precompress`.
set -euo pipefail
cd "$(dirname "$0")/.."
concurrency="${1:-16}"
seconds="${2:-15}"
sessions="${3:-1000}"
cargo build --release -p server --example ratios
RUNBOARD_LOG=warn ./target/release/runboard sim --addr 127.0.0.1:3410 --sim-workloads 100000 \
  --sim-admin-client-secret runboard-admin &
sim=$!
# Its own data directory (the ledger), so nothing left from another run is read.
data=$(mktemp -d)
# Every session signs in with the one admin key, from one address: far past the
# per-person limits a real deployment keeps.
RUNBOARD_LOG=warn RUNBOARD_DATA_DIR="$data" RUNAI_URL=http://127.0.0.1:3410 \
  RUNBOARD_SIGN_INS_PER_PERSON_PER_HOUR=1000000 RUNBOARD_SIGN_INS_PER_ADDRESS_PER_HOUR=1000000 \
  RUNBOARD_SESSION_MAX_PER_PERSON=1000000 \
  ./target/release/runboard --addr 127.0.0.1:3411 &
dashboard=$!
trap 'kill $sim $dashboard 2>/dev/null || true; rm -rf "$data"' EXIT
for port in 3410 3411; do
  for _ in $(seq 150); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break
    # the simulator has no /healthz; any answer means it is listening
    curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
    sleep 0.2
  done
done
./target/release/examples/ratios --concurrency "$concurrency" --seconds "$seconds" \
  --sessions "$sessions" --pid "$dashboard" --upstream-pid "$sim"
