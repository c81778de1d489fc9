#!/usr/bin/env bash
# Usage: scripts/bench.sh [GOOGLE BENCHMARK ARGS...]
# Builds shortcrust_bench in the `release` preset, extracts the spec suite's binary
# modules into build/release/bench-modules (once), and runs the front-end benchmarks.
# Numbers are for comparing runs on one machine; nothing here asserts a timing.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$SHORTCRUST_ROOT"

sc_stage setup ./scripts/setup.sh
sc_stage "configure release" sc_configure release
sc_stage "build bench" sc_build release shortcrust_bench

modules="$SHORTCRUST_ROOT/build/release/bench-modules"
if [[ ! -d "$modules" ]]; then
  ./scripts/fuzz-corpus.sh "$modules.tmp"
  mv "$modules.tmp" "$modules"
fi
SHORTCRUST_BENCH_MODULES="$modules" "$SHORTCRUST_ROOT/build/release/bench/shortcrust_bench" "$@"
