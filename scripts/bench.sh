#!/usr/bin/env bash
# Every performance figure of BENCHMARKS.md's first table in one run, as a Markdown table of figure, goal and their ratio
# (a benchmark, not part of the test command; ~10 minutes on the project's machine):
#   scripts/bench.sh
# Builds the release site, then runs the criterion suites, scripts/bench-ratios.sh,
# scripts/bench-browser.sh and scripts/bench-bundle.sh, and prints the summary last.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

cargo leptos build --release --split --precompress

echo "==> criterion (cargo bench -p runai-sim --bench simulator; cargo bench -p server --bench hot_paths)"
{ cargo bench -p runai-sim --bench simulator; cargo bench -p server --bench hot_paths; } 2>/dev/null | tee "$log/criterion"
echo "==> scripts/bench-ratios.sh 16 15 1000"
scripts/bench-ratios.sh 16 15 1000 2>&1 | tee "$log/ratios"
echo "==> scripts/bench-browser.sh"
scripts/bench-browser.sh 2>&1 | tee "$log/browser"
echo "==> scripts/bench-bundle.sh"
scripts/bench-bundle.sh | tee "$log/bundle"

# The median of criterion's estimate for the benchmark whose name line matches $1, in ms.
median_ms() {
  awk -v name="$1" '
    index($0, name) { found = 1 }
    found && /time:/ {
      gsub(/[\[\]]/, ""); value = $4; unit = $5
      if (unit == "ns") value /= 1e6; else if (unit == "µs" || unit == "us") value /= 1e3; else if (unit == "s") value *= 1e3
      printf "%.4f", value; exit
    }' "$log/criterion"
}
field() { # file regex-with-one-group → the group's text in the first matching line
  sed -nE "s/.*$2.*/\1/p" "$log/$1" | head -1
}
row() { # what figure goal unit direction(le|ge)
  local ratio
  ratio=$(awk -v f="$2" -v g="$3" 'BEGIN { if (g > 0 && f != "") printf "%.2f", f / g; else print "—" }')
  local verdict
  verdict=$(awk -v f="$2" -v g="$3" -v d="$5" 'BEGIN {
    if (f == "") print "not measured"; else if ((d == "le" && f <= g) || (d == "ge" && f >= g)) print "met"; else print "**not met**" }')
  echo "| $1 | $2 $4 | $([ "$5" = le ] && echo "≤" || echo "≥") $3 $4 | $ratio | $verdict |"
}

echo
echo "## Performance figures, $(date -u +%Y-%m-%d), $(nproc) cores"
echo
echo "| figure | measured | goal | measured ÷ goal | |"
echo "| --- | ---: | ---: | ---: | --- |"
row "SSR /workloads?limit=50 req/s ÷ upstream list req/s" "$(field ratios 'ratio SSR ÷ upstream: ([0-9.]+)')" 1.0 "" ge
row "simulator list, 2 filters + sort, 100k workloads (createdAt)" "$(median_ms 'list: 2 filters + sort by createdAt')" 10 ms le
row "simulator list, 2 filters + sort, 100k workloads (name)" "$(median_ms 'list: 2 filters + sort by name')" 10 ms le
row "dashboard RSS, 1,000 sessions, 100k workloads upstream" "$(field ratios ' ([0-9]+) MiB with [0-9]+ sessions')" 143 MiB le
row "time to interactive, /workloads, empty cache" "$(field browser 'empty cache: median ([0-9]+)')" 300 ms le
row "12 charts drawn with 1000 samples" "$(field browser 'charts drawn, 1000 samples: median ([0-9]+)')" 1000 ms le
row "first load of /workloads, on the wire" "$(field bundle 'Budget \(table\): .*: [A-Za-z]+ \(([0-9]+)')" 100000 B le
row "first load of a workload page, on the wire" "$(field bundle 'Budget \(workload\): .*: [A-Za-z]+ \(([0-9]+)')" 350000 B le
echo
echo "Also: server-render of the 500-row table $(median_ms 'workloads table, 500 rows') ms;" \
  "a 4-filter table URL parsed in $(awk -v ms="$(median_ms 'list query, 4 filters')" 'BEGIN { printf "%.2f", ms * 1000 }') µs."
