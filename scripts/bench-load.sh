#!/usr/bin/env bash
# Load benchmark on loopback (not part of the test command):
#   scripts/bench-load.sh [people=200] [seconds=60]
# Starts the release dashboard on its embedded simulator (port 3400), drives it with
# server/examples/load.rs, prints errors, latency percentiles and the server's RSS
# over time, then stops the server. Build first: `cargo leptos build --release --split --precompress`.
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-200}"
seconds="${2:-60}"
port=3400
cargo build --release -p server --example load
# Its own data directory (the ledger), so nothing left from another run is read.
data=$(mktemp -d)
# Every simulated person signs in as the demo admin from loopback: lift the per-person
# and per-address sign-in limits that would otherwise (rightly) refuse so many.
RUNBOARD_ADDR="127.0.0.1:$port" RUNBOARD_DATA_DIR="$data" RUNBOARD_LOG=warn \
  RUNBOARD_SESSION_MAX_PER_PERSON=100000 RUNBOARD_SIGN_INS_PER_PERSON_PER_HOUR=100000 \
  RUNBOARD_SIGN_INS_PER_ADDRESS_PER_HOUR=100000 ./target/release/runboard &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.2
done
./target/release/examples/load --url "http://127.0.0.1:$port" --users "$people" \
  --seconds "$seconds" --pid "$server"
