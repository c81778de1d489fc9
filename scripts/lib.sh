# shellcheck shell=bash
# Shared helpers for the scripts in this folder; source it, do not run it.
# Owns: the repository root, the spec-suite lookup (one rule for every script and CI),
# configure/build wrappers around the CMake presets, and stage timing.

SHORTCRUST_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Parallel build/test jobs; the default is every core.
SHORTCRUST_JOBS="${SHORTCRUST_JOBS:-$(nproc 2>/dev/null || echo 2)}"

sc_log() { printf '\n==> %s\n' "$*"; }
sc_warn() { printf '\n!!! %s\n' "$*" >&2; }

# The pinned WebAssembly spec suite: $SHORTCRUST_SPEC_SUITE if set, else the copy beside
# the repository (../shared/spec-testsuite), else /work/shared/spec-testsuite. Prints the
# path, or nothing if none exists.
sc_spec_suite() {
  local candidate
  if [[ -n "${SHORTCRUST_SPEC_SUITE:-}" ]]; then
    if [[ -d "$SHORTCRUST_SPEC_SUITE/core" ]]; then
      (cd "$SHORTCRUST_SPEC_SUITE" && pwd)
    fi
    return 0
  fi
  for candidate in "$SHORTCRUST_ROOT/../shared/spec-testsuite" /work/shared/spec-testsuite; do
    if [[ -d "$candidate/core" ]]; then
      (cd "$candidate" && pwd)
      return 0
    fi
  done
}

sc_spec_missing_banner() {
  cat >&2 <<BANNER

**********************************************************************
!!! SPEC SUITE NOT FOUND: the spec tests are SKIPPED.
!!! Looked at \$SHORTCRUST_SPEC_SUITE (${SHORTCRUST_SPEC_SUITE:-unset}), or when
!!! unset at $SHORTCRUST_ROOT/../shared/spec-testsuite
!!! and /work/shared/spec-testsuite. Set SHORTCRUST_SPEC_SUITE to the
!!! pinned suite (a folder holding core/ and proposals/memory64/).
**********************************************************************
BANNER
}

# sc_configure PRESET: configure a preset, pointing it at the spec suite when there is one.
sc_configure() {
  local preset="$1" suite
  suite="$(sc_spec_suite)"
  local args=(--preset "$preset" --no-warn-unused-cli)
  if [[ -n "$suite" ]]; then
    args+=("-DSHORTCRUST_SPEC_SUITE=$suite")
  fi
  (cd "$SHORTCRUST_ROOT" && cmake "${args[@]}")
}

# sc_build PRESET [TARGET...]: build a preset (all of it without targets).
sc_build() {
  local preset="$1"
  shift
  local args=(--build --preset "$preset" --parallel "$SHORTCRUST_JOBS")
  if [[ $# -gt 0 ]]; then
    args+=(--target "$@")
  fi
  (cd "$SHORTCRUST_ROOT" && cmake "${args[@]}")
}

# sc_ctest PRESET [CTEST ARGS...]: run a preset's tests; without a spec suite the tests
# labelled `spec` are excluded (and the banner says so).
sc_ctest() {
  local preset="$1"
  shift
  local args=(--test-dir "$SHORTCRUST_ROOT/build/$preset" --output-on-failure
              --parallel "$SHORTCRUST_JOBS" --no-tests=error)
  if [[ -z "$(sc_spec_suite)" ]]; then
    sc_spec_missing_banner
    args+=(--label-exclude spec)
  fi
  ctest "${args[@]}" "$@"
}

# sc_stage NAME COMMAND...: run a command as a named stage and print how long it took.
# The exit status is the command's. Timings accumulate in SC_TIMINGS for sc_summary.
SC_TIMINGS=()
sc_stage() {
  local name="$1"
  shift
  local start end status
  sc_log "stage: $name"
  start=$(date +%s)
  set +e
  "$@"
  status=$?
  set -e
  end=$(date +%s)
  local verdict=ok
  [[ $status -eq 0 ]] || verdict="FAILED (exit $status)"
  SC_TIMINGS+=("$(printf '%-28s %5ds  %s' "$name" "$((end - start))" "$verdict")")
  printf '==> stage %s: %ds, %s\n' "$name" "$((end - start))" "$verdict"
  return $status
}

sc_summary() {
  local line
  sc_log "timings"
  for line in "${SC_TIMINGS[@]}"; do
    printf '    %s\n' "$line"
  done
}
