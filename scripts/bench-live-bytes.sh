#!/usr/bin/env bash
# Bytes a table on 5-second auto-refresh costs per hour, with and without validators
# (a benchmark, not part of the test command):
#   scripts/bench-live-bytes.sh [minutes=5] [view=/workloads?refresh=5s]
# Starts the release dashboard on its embedded simulator (port 3420) and two sessions
# watching the same view on the wall clock's 5-second ticks, as the live table does:
# one names the answer it holds (If-None-Match), the other does not, as before
# validators. Counts each answer's bytes on the wire (headers and zstd body, as
# Chromium asks) and scales the run to an hour. Build first:
# `cargo leptos build --release --split --precompress`.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-5}"
view="${2:-/workloads?refresh=5s}"
base=http://127.0.0.1:3420
work=$(mktemp -d)
RUNBOARD_LOG=warn RUNBOARD_DATA_DIR="$work/data" ./target/release/runboard --addr 127.0.0.1:3420 &
dashboard=$!
trap 'kill $dashboard 2>/dev/null || true; wait $dashboard 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 150); do
  curl -fs -o /dev/null "$base/healthz" && break
  sleep 0.2
done
for who in with without; do
  curl -fs -o /dev/null -c "$work/$who.jar" -H 'sec-fetch-site: same-origin' \
    -d demo=runboard-admin "$base/login"
done

# One tick's request by session $1 naming $2 (if any): the bytes of the answer (headers
# and body), its status; its headers are kept in $work/$1.headers.
ask() {
  curl -s -o /dev/null -b "$work/$1.jar" -D "$work/$1.headers" \
    -H 'accept: text/html' -H 'accept-encoding: gzip, deflate, br, zstd' \
    ${2:+-H "if-none-match: $2"} \
    -w '%{size_header} %{size_download} %{http_code}\n' "$base$view"
}

held="" ticks=0 with_bytes=0 without_bytes=0 unchanged=0
end=$(( $(date +%s) + minutes * 60 ))
while [ "$(date +%s)" -lt "$end" ]; do
  # The next multiple of 5 s on the wall clock.
  now_ms=$(date +%s%3N)
  sleep "$(awk -v n="$now_ms" 'BEGIN { printf "%.3f", (5000 - n % 5000) / 1000 }')"
  read -r h1 b1 s1 < <(ask with "$held")
  if [ "$s1" = 200 ]; then
    held=$(grep -i '^etag:' "$work/with.headers" | cut -d' ' -f2- | tr -d '\r' || true)
  elif [ "$s1" = 304 ]; then
    unchanged=$((unchanged + 1))
  fi
  read -r h2 b2 s2 < <(ask without "")
  ticks=$((ticks + 1))
  with_bytes=$((with_bytes + h1 + b1))
  without_bytes=$((without_bytes + h2 + b2))
done
per_hour=$(( 3600 / 5 ))
echo "view: $view, $ticks ticks over $minutes min"
echo "without validators: $((without_bytes / ticks)) B per tick, $((without_bytes * per_hour / ticks / 1024)) KiB per hour"
echo "with validators:    $((with_bytes / ticks)) B per tick, $((with_bytes * per_hour / ticks / 1024)) KiB per hour ($unchanged of $ticks ticks answered 304)"
