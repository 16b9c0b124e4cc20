#!/usr/bin/env bash
# Fuzzes the filterBy grammar with libFuzzer for N seconds (default 60):
#   scripts/fuzz.sh [seconds]
# Installs cargo-fuzz if it is missing. cargo-fuzz asks rustc for nightly-only flags;
# RUSTC_BOOTSTRAP lets the pinned stable toolchain accept them, and `--sanitizer none`
# avoids the one that needs a nightly standard library. Not part of scripts/test.sh
# (its property tests run there); the figures are in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
if ! command -v cargo-fuzz >/dev/null; then
  cargo install cargo-fuzz --locked
fi
mkdir -p fuzz/corpus/filter_grammar
RUSTC_BOOTSTRAP=1 cargo fuzz run filter_grammar \
  fuzz/corpus/filter_grammar fuzz/seeds/filter_grammar \
  --sanitizer none --release -- -max_total_time="$seconds" -print_final_stats=1
