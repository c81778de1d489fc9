#!/usr/bin/env bash
# Usage: scripts/fuzz.sh SECONDS [LIBFUZZER ARGS...]
# Builds the `fuzz` preset (clang, libFuzzer, ASan, UBSan), seeds build/fuzz/corpus from
# the spec suite (scripts/fuzz-corpus.sh) and runs decode_validate_fuzzer for SECONDS.
# Fails if the fuzzer finds a crash, leak, timeout or out-of-memory; the reproducer is
# left in build/fuzz/artifacts/.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$SHORTCRUST_ROOT"

if [[ $# -lt 1 || ! "$1" =~ ^[0-9]+$ ]]; then
  echo "usage: $0 SECONDS [LIBFUZZER ARGS...]" >&2
  exit 2
fi
seconds="$1"
shift

sc_stage setup ./scripts/setup.sh
sc_stage "configure fuzz" sc_configure fuzz
sc_stage "build fuzz" sc_build fuzz decode_validate_fuzzer

build="$SHORTCRUST_ROOT/build/fuzz"
sc_stage "fuzz corpus" ./scripts/fuzz-corpus.sh "$build/corpus"
rm -rf "$build/artifacts"
mkdir -p "$build/artifacts"

sc_stage "fuzz ${seconds}s" "$build/fuzz/decode_validate_fuzzer" \
  -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
  -dict="$SHORTCRUST_ROOT/fuzz/wasm.dict" -print_final_stats=1 \
  -artifact_prefix="$build/artifacts/" "$@" "$build/corpus"

if [[ -n "$(ls -A "$build/artifacts")" ]]; then
  echo "fuzz: the fuzzer left reproducers in $build/artifacts:" >&2
  ls -la "$build/artifacts" >&2
  exit 1
fi
sc_summary
