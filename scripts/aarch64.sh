#!/usr/bin/env bash
# The AArch64 stage: installs the cross toolchain (setup.sh aarch64), builds the `aarch64`
# preset, runs every CTest test under qemu-aarch64 (unit tests, the spec suite in both
# tiers, the differential tests), then checks cross-architecture determinism: the x86-64
# build (build/release) and the AArch64 build record one fixed corpus in both tiers, and
# the four record files must be byte-identical (tests/differential/README.md, "Records").
# `aarch64.sh records` runs the record check alone (both builds must exist).
# Environment: SHORTCRUST_RECORD_RANDOM (random modules, default 2000) and
# SHORTCRUST_RECORD_RANDOM64 (memory64 random modules, default 500).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$SHORTCRUST_ROOT"

# The emulator the toolchain file names (cmake/aarch64-linux-gnu.cmake).
QEMU=(qemu-aarch64 -L /)
RECORDS="$SHORTCRUST_ROOT/build/aarch64/records"
RANDOM_MODULES="${SHORTCRUST_RECORD_RANDOM:-2000}"
RANDOM64_MODULES="${SHORTCRUST_RECORD_RANDOM64:-500}"

# The host's shortcrust_differential, from the release preset (configured and built here
# when missing; after scripts/test.sh this is a no-op).
host_differential() {
  if [[ ! -f build/release/build.ninja ]]; then
    sc_configure release
  fi
  sc_build release shortcrust_differential
}

# The corpus, generated once on the host so that both machines read the very same files:
# the spec suite's binary modules (core, and the memory64 proposal under memory64/) and
# binaryen's translate-to-fuzz modules with fixed seeds (memory64 ones under
# random/memory64/; a folder named memory64 turns the feature on).
make_corpus() {
  local differential="build/release/tests/shortcrust_differential" suite
  suite="$(sc_spec_suite)"
  rm -rf "$RECORDS/corpus"
  mkdir -p "$RECORDS/corpus"
  if [[ -n "$suite" ]]; then
    "$differential" --save "$RECORDS/corpus/core" --spec "$suite/core"
    "$differential" --save "$RECORDS/corpus/memory64" --spec "$suite/proposals/memory64"
  else
    sc_spec_missing_banner
  fi
  "$differential" --save "$RECORDS/corpus/random" --random "$RANDOM_MODULES" --seed 1
  "$differential" --save "$RECORDS/corpus/random/memory64" --memory64 --random "$RANDOM64_MODULES" --seed 2
  printf 'corpus: %s modules\n' "$(find "$RECORDS/corpus" -name '*.wasm' | wc -l)"
}

# first_difference A B: cmp's verdict, then the first differing line of each file.
first_difference() {
  local verdict line
  verdict="$(cmp "$1" "$2" 2>&1 || true)"
  echo "$verdict"
  line="$(sed -n 's/.* line \([0-9]*\).*/\1/p' <<<"$verdict")"
  if [[ -n "$line" ]]; then
    printf '  %s:%s: %s\n' "$(basename "$1")" "$line" "$(sed -n "${line}p" "$1")"
    printf '  %s:%s: %s\n' "$(basename "$2")" "$line" "$(sed -n "${line}p" "$2")"
  fi
}

# Records of both tiers on both machines (two at a time: one per core), then the check:
# x86-64 interp == x86-64 jit == aarch64 interp == aarch64 jit.
record_and_compare() {
  local host="build/release/tests/shortcrust_differential"
  local target="build/aarch64/tests/shortcrust_differential"
  local tier status=0 pids=()
  for tier in interp jit; do
    "$host" --record "$RECORDS/x86_64-$tier.txt" --tier "$tier" "$RECORDS/corpus" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
  pids=()
  for tier in interp jit; do
    "${QEMU[@]}" "$target" --record "$RECORDS/aarch64-$tier.txt" --tier "$tier" "$RECORDS/corpus" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
  if [[ $status -ne 0 ]]; then
    # Still compare: a crashed run's file ends after the last module it finished.
    sc_warn "records: a recording run failed"
  fi
  local reference="$RECORDS/x86_64-interp.txt" other
  printf 'records: %s lines each\n' "$(wc -l <"$reference")"
  for other in x86_64-jit aarch64-interp aarch64-jit; do
    if cmp -s "$reference" "$RECORDS/$other.txt"; then
      printf 'records: x86_64-interp == %s\n' "$other"
    else
      sc_warn "records: x86_64-interp != $other"
      first_difference "$reference" "$RECORDS/$other.txt"
      status=1
    fi
  done
  return $status
}

records() {
  host_differential
  make_corpus
  record_and_compare
}

if [[ "${1:-}" == "records" ]]; then
  sc_stage "records" records
  sc_summary
  exit 0
fi

sc_stage "setup aarch64" ./scripts/setup.sh aarch64
sc_stage "configure aarch64" sc_configure aarch64
sc_stage "build aarch64" sc_build aarch64
sc_stage "ctest aarch64 (qemu)" sc_ctest aarch64
sc_stage "records" records
sc_summary
