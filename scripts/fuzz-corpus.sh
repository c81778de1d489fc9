#!/usr/bin/env bash
# Usage: scripts/fuzz-corpus.sh OUTDIR
# Fills OUTDIR with every binary module of the pinned spec suite: each non-SIMD .wast of
# core/ (and of proposals/memory64/, with --enable-memory64) goes through wast2json in a
# temporary folder, and the .wasm files it writes are copied as core-*.wasm / m64-*.wasm.
# Text modules (.wat output) are left out. Used as the fuzzing seed corpus and as the
# benchmark's module set. Without a suite, OUTDIR gets one minimal module and a warning.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
out="$1"
mkdir -p "$out"

suite="$(sc_spec_suite)"
if [[ -z "$suite" ]]; then
  sc_spec_missing_banner
  # The empty module: magic and version.
  printf '\x00asm\x01\x00\x00\x00' > "$out/empty.wasm"
  exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# convert PREFIX DIR [WAST2JSON FLAGS...]
convert() {
  local prefix="$1" dir="$2" wast base
  shift 2
  mkdir -p "$tmp/$prefix"
  for wast in "$dir"/*.wast; do
    base="$(basename "$wast" .wast)"
    [[ "$base" == simd_* ]] && continue
    wast2json "$@" "$wast" -o "$tmp/$prefix/$base.json"
  done
  for wasm in "$tmp/$prefix"/*.wasm; do
    cp "$wasm" "$out/$prefix-$(basename "$wasm")"
  done
}

convert core "$suite/core"
convert m64 "$suite/proposals/memory64" --enable-memory64
echo "fuzz-corpus: $(find "$out" -name '*.wasm' | wc -l) modules in $out"
