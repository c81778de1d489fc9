#!/usr/bin/env bash
# The main job: set up the machine, build the `release` preset, run the contract demo
# (`shortcrust demo`: example contracts deployed and called across, a failing call
# reverted, receipts printed; again under the JIT), validate, describe and
# `shortcrust run` the sample module (scripts/sample.wat), run two of the benchmark kernels
# (bench/kernels/*.c compiled to wasm32 with clang), then run `shortcrust wast` over the
# pinned spec suite (core/, and proposals/memory64/ with --memory64) and print the totals.
# Exits non-zero if any step, or any spec command, fails.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$SHORTCRUST_ROOT"

sc_stage setup ./scripts/setup.sh
sc_stage "configure release" sc_configure release
sc_stage "build release" sc_build release shortcrust_cli

bin="$SHORTCRUST_ROOT/build/release/shortcrust"
sample="$SHORTCRUST_ROOT/build/release/sample.wasm"

sc_log "shortcrust demo: a contract session with receipts (interpreter)"
"$bin" demo
sc_log "shortcrust demo --engine jit: the same session under the JIT"
"$bin" demo --engine jit | tail -n 1

wat2wasm scripts/sample.wat -o "$sample"

sc_log "shortcrust validate $sample"
"$bin" validate "$sample"
sc_log "shortcrust describe $sample"
"$bin" describe "$sample"
sc_log "shortcrust run $sample: checksum of the data segment, an indirect call, the counter"
"$bin" run "$sample" --invoke checksum 16 7
"$bin" run "$sample" --invoke apply 1 6 7
"$bin" run "$sample" --invoke bump i64:5 --json

# Compiled C: the kernels' wasm is a build target of bench/ (needs clang and wasm-ld).
if sc_build release shortcrust_kernels_wasm >/dev/null 2>&1; then
  kernels="$SHORTCRUST_ROOT/build/release/bench/kernels"
  sc_log "shortcrust run: benchmark kernels (bench/kernels/*.c)"
  "$bin" run "$kernels/fib.wasm" --invoke run_fib 25
  "$bin" run "$kernels/sha256.wasm" --invoke run_sha256 10 --gas 100000000
else
  sc_warn "benchmark kernels not built (clang, wasm-ld or Google Benchmark missing): not run"
fi

suite="$(sc_spec_suite)"
if [[ -z "$suite" ]]; then
  sc_spec_missing_banner
  sc_summary
  exit 0
fi

# run_wast LABEL ARGS...: one `shortcrust wast` run; keeps its last line (the totals).
failures=0
totals=()
run_wast() {
  local label="$1" out status
  shift
  out="$(mktemp)"
  set +e
  "$bin" wast "$@" 2>&1 | tee "$out"
  status=${PIPESTATUS[0]}
  set -e
  totals+=("$(printf '%-22s %s' "$label:" "$(tail -n 1 "$out")")")
  rm -f "$out"
  [[ $status -eq 0 ]] || failures=$((failures + 1))
  return 0
}
sc_stage "spec core" run_wast "core" "$suite/core"
sc_stage "spec memory64" run_wast "proposals/memory64" --memory64 "$suite/proposals/memory64"

sc_summary
sc_log "spec suite totals ($suite)"
printf '    %s\n' "${totals[@]}"
if [[ $failures -ne 0 ]]; then
  echo "run: $failures spec run(s) failed" >&2
  exit 1
fi
