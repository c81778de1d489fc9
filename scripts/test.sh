#!/usr/bin/env bash
# Builds the `release` preset (warnings are errors) and runs every test with CTest: the
# unit tests and the spec-suite tests (label `spec`; skipped loudly when the pinned suite
# cannot be found, see scripts/lib.sh). Exits non-zero on any failure.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$SHORTCRUST_ROOT"

sc_stage setup ./scripts/setup.sh
sc_stage "configure release" sc_configure release
sc_stage "build release" sc_build release
sc_stage "ctest release" sc_ctest release
sc_summary
