#!/usr/bin/env bash
# Usage: scripts/bench.sh [frontend|kernels] [GOOGLE BENCHMARK ARGS...]
# Builds the benchmarks in the `release` preset and runs them (both sets by default):
#  - frontend: decode/validate throughput (shortcrust_bench) over a generated module and
#    the spec suite's binary modules, extracted into build/release/bench-modules (once);
#  - kernels: compiled C kernels (shortcrust_kernels_bench) natively, in the interpreter
#    and in the interpreter without gas metering, then a table of interp/native and the
#    metering overhead (scripts/kernels_table.py over the JSON written beside the build).
# Numbers are for comparing runs on one machine; nothing here asserts a timing.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$SHORTCRUST_ROOT"

which_set="all"
if [[ $# -gt 0 && ( "$1" == "frontend" || "$1" == "kernels" ) ]]; then
  which_set="$1"
  shift
fi

sc_stage setup ./scripts/setup.sh
sc_stage "configure release" sc_configure release
release="$SHORTCRUST_ROOT/build/release"

run_frontend() {
  local modules="$release/bench-modules"
  if [[ ! -d "$modules" ]]; then
    ./scripts/fuzz-corpus.sh "$modules.tmp"
    mv "$modules.tmp" "$modules"
  fi
  SHORTCRUST_BENCH_MODULES="$modules" "$release/bench/shortcrust_bench" "$@"
}

run_kernels() {
  local bin="$release/bench/shortcrust_kernels_bench" json="$release/kernels-bench.json"
  if [[ ! -x "$bin" ]]; then
    sc_warn "shortcrust_kernels_bench was not built (clang or wasm-ld missing at configure time)"
    return 0
  fi
  "$bin" --benchmark_out="$json" --benchmark_out_format=json "$@"
  sc_log "kernels: CPU time per run, interp/native, metering overhead (interp/interp_nogas - 1)"
  python3 scripts/kernels_table.py "$json"
}

case "$which_set" in
  frontend)
    sc_stage "build bench" sc_build release shortcrust_bench
    sc_stage "frontend bench" run_frontend "$@"
    ;;
  kernels)
    sc_stage "build bench" sc_build release shortcrust_kernels_bench
    sc_stage "kernels bench" run_kernels "$@"
    ;;
  all)
    sc_stage "build bench" sc_build release shortcrust_bench shortcrust_kernels_bench
    sc_stage "frontend bench" run_frontend "$@"
    sc_stage "kernels bench" run_kernels "$@"
    ;;
esac
sc_summary
