#!/usr/bin/env bash
# Usage: scripts/bench.sh [frontend|compile|call|kernels|state] [GOOGLE BENCHMARK ARGS...]
# Builds the benchmarks in the `release` preset and runs them (every set but `state` by
# default):
#  - frontend: decode/validate throughput (shortcrust_bench) over a generated module and
#    the spec suite's binary modules, extracted into build/release/bench-modules (once);
#  - compile: Module::compile throughput (shortcrust_compile_bench) per tier, metering on
#    and off, over generated modules of several shapes and the kernels' .wasm files;
#  - call: Store::call overhead into an empty function (shortcrust_call_bench) per tier;
#  - kernels: compiled C kernels (shortcrust_kernels_bench) natively and in each tier
#    with and without gas metering, then a markdown table of the ratios
#    (scripts/kernels_table.py over the JSON written beside the build);
#  - state: commit, root, session open, first call and VM::open against the state size
#    (shortcrust_state_bench). Only when asked for: it builds 1 MiB and 1 GiB states
#    (about 2 GiB on disk under $TMPDIR or /tmp, removed when it ends; 3 GiB of memory) and
#    takes minutes.
# Tiers that are not available (the JIT before it lands) report "unavailable" rows.
# The Google Benchmark arguments go to every set that runs (e.g. --benchmark_filter=jit).
# Numbers are for comparing runs on one machine; nothing here asserts a timing.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$SHORTCRUST_ROOT"

which_set="all"
if [[ $# -gt 0 && ( "$1" == "frontend" || "$1" == "compile" || "$1" == "call" || "$1" == "kernels" || "$1" == "state" ) ]]; then
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

run_compile() {
  "$release/bench/shortcrust_compile_bench" "$@"
}

run_call() {
  "$release/bench/shortcrust_call_bench" "$@"
}

run_kernels() {
  local bin="$release/bench/shortcrust_kernels_bench" json="$release/kernels-bench.json"
  if [[ ! -x "$bin" ]]; then
    sc_warn "shortcrust_kernels_bench was not built (clang or wasm-ld missing at configure time)"
    return 0
  fi
  "$bin" --benchmark_out="$json" --benchmark_out_format=json "$@"
  sc_log "kernels: CPU time per run, tier/native ratios, metering overhead (metered/unmetered - 1)"
  python3 scripts/kernels_table.py "$json"
}

run_state() {
  "$release/bench/shortcrust_state_bench" "$@"
}

case "$which_set" in
  frontend)
    sc_stage "build bench" sc_build release shortcrust_bench
    sc_stage "frontend bench" run_frontend "$@"
    ;;
  compile)
    sc_stage "build bench" sc_build release shortcrust_compile_bench
    sc_stage "compile bench" run_compile "$@"
    ;;
  call)
    sc_stage "build bench" sc_build release shortcrust_call_bench
    sc_stage "call bench" run_call "$@"
    ;;
  kernels)
    sc_stage "build bench" sc_build release shortcrust_kernels_bench
    sc_stage "kernels bench" run_kernels "$@"
    ;;
  state)
    sc_stage "build bench" sc_build release shortcrust_state_bench
    sc_stage "state bench" run_state "$@"
    ;;
  all)
    sc_stage "build bench" sc_build release shortcrust_bench shortcrust_compile_bench \
      shortcrust_call_bench shortcrust_kernels_bench
    sc_stage "frontend bench" run_frontend "$@"
    sc_stage "compile bench" run_compile "$@"
    sc_stage "call bench" run_call "$@"
    sc_stage "kernels bench" run_kernels "$@"
    ;;
esac
sc_summary
