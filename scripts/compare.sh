#!/usr/bin/env bash
# Usage: scripts/compare.sh [--runs N] [--kernels a,b] [--engines e,f] [--json FILE]
#                           [--csv FILE] [--chart FILE.svg] [--no-gas] [--check]
# The side-by-side benchmark in one command: installs what is missing (setup.sh),
# configures and builds the `release` preset's kernel runners and kernel .wasm files
# (target shortcrust_compare), then runs bench/compare.py, which times every kernel of
# bench/kernels/ natively, in both Shortcrust tiers and in every peer engine on PATH
# (wasmtime, wasm3, iwasm, node), prints the tables and writes JSON, CSV and an SVG chart
# (default: build/release/compare/). Peers that are not installed are reported missing.
# Every argument goes to compare.py; bench/README.md explains the output.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$SHORTCRUST_ROOT"

sc_stage setup ./scripts/setup.sh
sc_stage "configure release" sc_configure release
sc_stage "build runners" sc_build release shortcrust_compare
release="$SHORTCRUST_ROOT/build/release"
if [[ ! -x "$release/bench/shortcrust_native_runner" ]]; then
  sc_warn "the kernel runners were not built: Google Benchmark, clang or wasm-ld was missing at configure time"
  exit 1
fi
sc_stage compare python3 bench/compare.py --build-dir "$release" "$@"
sc_summary
