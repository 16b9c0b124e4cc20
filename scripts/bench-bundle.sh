#!/usr/bin/env bash
# Prints the size of every asset a first page load fetches, raw and as served (gzip by
# the running server), as a Markdown table for BENCHMARKS.md.
# Needs a release build first: `cargo leptos build --release`.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${BENCH_PORT:-3199}
RUNBOARD_ADDR="127.0.0.1:$port" RUNBOARD_LOG=warn ./target/release/runboard &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

echo "| asset | raw bytes | served (gzip) bytes |"
echo "| --- | ---: | ---: |"
total_raw=0; total_gz=0
for path in /workloads /pkg/runboard.wasm /pkg/runboard.js /pkg/runboard.css /vendor/echarts.min.js; do
  raw=$(curl -fs "http://127.0.0.1:$port$path" | wc -c)
  gz=$(curl -fs -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port$path" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  label=$path; [ "$path" = /workloads ] && label="/workloads (SSR HTML)"
  echo "| \`$label\` | $raw | $gz |"
done
echo "| **total** | $total_raw | $total_gz |"
