#!/usr/bin/env bash
# Prints the bytes a first visit fetches, as served by `runboard` itself (brotli and
# gzip negotiated by tower-http), for the table (`/workloads`) and a workload page,
# as Markdown tables for BENCHMARKS.md, against issue 10's budgets (250 KB and 600 KB
# on the wire, brotli). `--check` exits 1 when a budget is exceeded.
# Needs a release build first: `cargo leptos build --release`.
set -euo pipefail
cd "$(dirname "$0")/.."
check=false; [ "${1:-}" = "--check" ] && check=true
port=${BENCH_PORT:-3199}
RUNBOARD_ADDR="127.0.0.1:$port" RUNBOARD_LOG=warn ./target/release/runboard &
server=$!
jar=$(mktemp)
trap 'kill $server 2>/dev/null; rm -f "$jar"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
# Pages need a session: sign in as the demo admin, as a person would.
curl -fs -c "$jar" -o /dev/null -H 'sec-fetch-site: same-origin' -d demo=runboard-admin "$base/login"
id=$(curl -fs -b "$jar" -H 'sec-fetch-site: same-origin' -d 'query=filterBy=phase%3D%3DRunning%26limit=1' \
  "$base/api/workloads_page" | sed -E 's/.*"id":"([0-9a-f-]{36})".*/\1/')

size() { # path encoding → bytes on the wire
  curl -fs -b "$jar" -H "Accept-Encoding: $2" "$base$1" | wc -c
}

over=0
report() { # title budget paths...
  local title=$1 budget=$2; shift 2
  echo "$title"
  echo
  echo "| asset | raw | gzip | brotli |"
  echo "| --- | ---: | ---: | ---: |"
  local raw_t=0 gz_t=0 br_t=0
  for path in "$@"; do
    local raw gz br
    raw=$(size "$path" identity); gz=$(size "$path" gzip); br=$(size "$path" br)
    raw_t=$((raw_t + raw)); gz_t=$((gz_t + gz)); br_t=$((br_t + br))
    echo "| \`${path%%\?*}\` | $raw | $gz | $br |"
  done
  echo "| **total** | $raw_t | $gz_t | **$br_t** |"
  echo
  local verdict="within"
  if [ "$br_t" -gt "$budget" ]; then verdict="OVER"; over=1; fi
  echo "Budget $budget bytes (brotli): $verdict ($br_t)."
  echo
}
assets="/pkg/runboard.js /pkg/runboard.wasm /pkg/runboard.css"
# shellcheck disable=SC2086
report "First load of /workloads (no charts, so no ECharts):" 250000 "/workloads" $assets
# shellcheck disable=SC2086
report "First load of a workload page (with ECharts):" 600000 "/workloads/$id?range=1h" $assets /vendor/echarts.min.js
if $check && [ "$over" = 1 ]; then
  echo "bundle budget exceeded" >&2
  exit 1
fi
