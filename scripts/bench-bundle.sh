#!/usr/bin/env bash
# Prints the bytes a first visit fetches, as served by `runboard` itself, for the table
# (`/workloads`), a workload page, a comparison of three, the overview, the ledger and
# the queue, as Markdown
# tables for BENCHMARKS.md, against the first-load budgets below (on the wire, asked as a browser
# asks: `Accept-Encoding: gzip, deflate, br, zstd`, which gets static files in their
# brotli copies and pages in zstd). The comparison, the overview, the ledger and the
# queue have the workload page's budget. `--check` exits 1 when a budget is exceeded (the test command runs
# it: sizes are deterministic, unlike times).
# Needs a release build first: `cargo leptos build --release --split --precompress`.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-report}
# The budgets, in bytes: a chart page within 350 KB; the table within what it weighs
# today plus a little room (its goal, 100 KB, is not reached: see BENCHMARKS.md), so
# that growth is a decision, not an accident.
table_budget=112000
page_budget=350000
port=${BENCH_PORT:-3199}
# Its own data directory (the ledger), so nothing left from another run is read.
data=$(mktemp -d)
RUNBOARD_ADDR="127.0.0.1:$port" RUNBOARD_DATA_DIR="$data" RUNBOARD_LOG=warn ./target/release/runboard &
server=$!
jar=$(mktemp)
trap 'kill $server 2>/dev/null; rm -f "$jar"; rm -rf "$data"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
# Pages need a session: sign in as the demo admin, as a person would.
curl -fs -c "$jar" -o /dev/null -H 'sec-fetch-site: same-origin' -d demo=runboard-admin "$base/login"
id=$(curl -fs -b "$jar" -H 'sec-fetch-site: same-origin' -d 'query=filterBy=phase%3D%3DRunning%26limit=1' \
  "$base/api/workloads_page" | sed -E 's/.*"id":"([0-9a-f-]{36})".*/\1/')
ids=$(curl -fs -b "$jar" -H 'sec-fetch-site: same-origin' -d 'query=filterBy=phase%3D%3DRunning%26limit=3' \
  "$base/api/workloads_page" | grep -oE '"id":"[0-9a-f-]{36}"' | cut -d'"' -f4 | paste -sd, -)

size() { # path encoding → bytes on the wire
  curl -fs -b "$jar" -H "Accept-Encoding: $2" "$base$1" | wc -c
}

over=0
report() { # title key budget paths...
  local title=$1 key=$2 budget=$3; shift 3
  echo "$title"
  echo
  echo "| asset | raw | gzip | brotli | as a browser asks |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  local raw_t=0 gz_t=0 br_t=0 wire_t=0
  for path in "$@"; do
    local raw gz br wire
    raw=$(size "$path" identity); gz=$(size "$path" gzip); br=$(size "$path" br)
    wire=$(size "$path" "gzip, deflate, br, zstd")
    raw_t=$((raw_t + raw)); gz_t=$((gz_t + gz)); br_t=$((br_t + br)); wire_t=$((wire_t + wire))
    echo "| \`${path%%\?*}\` | $raw | $gz | $br | $wire |"
  done
  echo "| **total** | $raw_t | $gz_t | $br_t | **$wire_t** |"
  echo
  local verdict="within"
  if [ "$wire_t" -gt "$budget" ]; then verdict="OVER"; [ "$mode" = --check ] && over=1; fi
  echo "Budget ($key): $budget bytes on the wire, as a browser asks: $verdict ($wire_t)."
  echo
}
# Everything under /pkg the page links (script, main WASM, stylesheet), named with their
# content hashes, plus the WASM chunks the split manifest lists for the page's lazy
# island `island` and the split loader: the islands script fetches them to hydrate it.
page_assets() { # path [island] → the /pkg assets the page needs
  {
    curl -fs -b "$jar" "$base$1" | grep -oE '/pkg/[^"]*\.(js|wasm|css)'
    if [ -n "${2:-}" ]; then
      node -e '
        const fs = require("fs"), dir = "target/site/pkg";
        const file = fs.readdirSync(dir).find((n) => /^__wasm_split_manifest\..*\.json$/.test(n));
        if (!file) process.exit(0);
        const manifest = JSON.parse(fs.readFileSync(`${dir}/${file}`, "utf8"));
        for (const [island, chunks] of Object.entries(manifest))
          if (island.startsWith(`${process.argv[1]}_loader_`))
            for (const chunk of chunks) console.log(`/pkg/${chunk}.wasm`);
        const loader = fs.readdirSync(dir).find((n) => /^__wasm_split\..*\.js$/.test(n));
        if (loader) console.log(`/pkg/${loader}`);
      ' "$2"
    fi
  } | sort -u
}
# shellcheck disable=SC2046
report "First load of /workloads (no charts, so no ECharts):" table "$table_budget" "/workloads" $(page_assets /workloads)
# shellcheck disable=SC2046
report "First load of a workload page (line charts: ECharts' lines build):" workload "$page_budget" "/workloads/$id?range=1h" \
  $(page_assets "/workloads/$id?range=1h" workload_charts_live) /vendor/echarts-lines.min.js
# shellcheck disable=SC2046
report "First load of a comparison of three workloads (line charts: ECharts' lines build):" compare "$page_budget" "/compare?ids=$ids" \
  $(page_assets "/compare?ids=$ids" compare_live) /vendor/echarts-lines.min.js
# shellcheck disable=SC2046
report "First load of /overview (bars and donuts: ECharts' bars build):" overview "$page_budget" "/overview" \
  $(page_assets /overview overview_live) /vendor/echarts-bars.min.js
# shellcheck disable=SC2046
report "First load of /ledger (bars: ECharts' bars build):" ledger "$page_budget" "/ledger" \
  $(page_assets /ledger ledger_charts_drawn) /vendor/echarts-bars.min.js
# shellcheck disable=SC2046
report "First load of /queue (no charts):" queue "$page_budget" "/queue" $(page_assets /queue)
if [ "$over" = 1 ]; then
  echo "bundle size check ($mode) failed" >&2
  exit 1
fi
