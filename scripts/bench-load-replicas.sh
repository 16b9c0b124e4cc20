#!/usr/bin/env bash
# Load over replicas on loopback (not part of the test command):
#   scripts/bench-load-replicas.sh [people=200] [seconds=60] [replicas=2]
# Starts redis-server (port 3430), `runboard sim` playing the Run:ai control plane
# (3431) and the release dashboard `replicas` times in `user` mode in front of it
# (3432…), sharing sessions, Run:ai answers and sign-in counts through Redis; then
# drives them with server/examples/load.rs, people spread over the replicas, each signed
# in with the simulator's admin key. Prints errors, latency percentiles and each
# replica's RSS over time. Build first: `cargo leptos build --release --split --precompress`.
set -euo pipefail
cd "$(dirname "$0")/.."
people="${1:-200}"
seconds="${2:-60}"
replicas="${3:-2}"
cargo build --release -p server --example load
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
redis-server --port 3430 --bind 127.0.0.1 --save '' --appendonly no --loglevel warning &
pids+=($!)
for _ in $(seq 50); do
  redis-cli -p 3430 ping >/dev/null 2>&1 && break
  sleep 0.1
done
RUNBOARD_LOG=warn ./target/release/runboard sim --addr 127.0.0.1:3431 \
  --sim-admin-client-secret runboard-admin &
pids+=($!)
urls=() dashboards=()
for n in $(seq "$replicas"); do
  port=$((3431 + n))
  # Every simulated person signs in with the one admin key from loopback: lift the
  # per-person and per-address sign-in limits that would otherwise (rightly) refuse.
  RUNBOARD_LOG=warn RUNBOARD_DATA_DIR="$work/data-$n" RUNAI_URL=http://127.0.0.1:3431 \
    RUNBOARD_SESSION_REDIS_URL=redis://127.0.0.1:3430/0 \
    RUNBOARD_SESSION_KEY=load-test-replicas-share-this-session-key \
    RUNBOARD_SESSION_MAX_PER_PERSON=100000 RUNBOARD_SIGN_INS_PER_PERSON_PER_HOUR=100000 \
    RUNBOARD_SIGN_INS_PER_ADDRESS_PER_HOUR=100000 \
    ./target/release/runboard --addr "127.0.0.1:$port" &
  pids+=($!) dashboards+=($!) urls+=("http://127.0.0.1:$port")
done
for url in "${urls[@]}"; do
  for _ in $(seq 150); do
    curl -fs -o /dev/null "$url/healthz" && break
    sleep 0.2
  done
done
./target/release/examples/load --url "$(IFS=,; echo "${urls[*]}")" --users "$people" \
  --seconds "$seconds" --pid "$(IFS=,; echo "${dashboards[*]}")" --key runboard-admin:runboard-admin
