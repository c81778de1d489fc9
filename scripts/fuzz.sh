#!/usr/bin/env bash
# Usage: scripts/fuzz.sh SECONDS [LIBFUZZER ARGS...]
# Builds the `fuzz` preset (clang, libFuzzer, ASan, UBSan), seeds build/fuzz/corpus from
# the spec suite (scripts/fuzz-corpus.sh) and runs each fuzzer for an equal share of
# SECONDS: decode_validate_fuzzer, compile_run_fuzzer (translate and execute under gas),
# then differential_fuzzer (interpreter against JIT, tests/differential/).
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
fuzzers=(decode_validate_fuzzer compile_run_fuzzer differential_fuzzer)
share=$((seconds / ${#fuzzers[@]}))
sc_stage "build fuzz" sc_build fuzz "${fuzzers[@]}"

build="$SHORTCRUST_ROOT/build/fuzz"
sc_stage "fuzz corpus" ./scripts/fuzz-corpus.sh "$build/corpus"
rm -rf "$build/artifacts"
mkdir -p "$build/artifacts"

for fuzzer in "${fuzzers[@]}"; do
  # New inputs go to the fuzzer's own directory; the shared seed corpus is read only.
  mkdir -p "$build/corpus-$fuzzer"
  sc_stage "$fuzzer ${share}s" "$build/fuzz/$fuzzer" \
    -max_total_time="$share" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
    -dict="$SHORTCRUST_ROOT/fuzz/wasm.dict" -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/" "$@" "$build/corpus-$fuzzer" "$build/corpus"
done

if [[ -n "$(ls -A "$build/artifacts")" ]]; then
  echo "fuzz: the fuzzer left reproducers in $build/artifacts:" >&2
  ls -la "$build/artifacts" >&2
  exit 1
fi
sc_summary
