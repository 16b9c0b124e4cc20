#!/usr/bin/env bash
# Browser timings for BENCHMARKS.md (not part of the test command): time to interactive
# of /workloads and the time to draw a workload page's charts with 1000 samples, in
# headless Chromium on loopback. Build first:
# `cargo leptos build --release --split --precompress`.
set -euo pipefail
cd "$(dirname "$0")/.."
npx playwright test -c end2end/playwright.bench.config.ts "$@"
