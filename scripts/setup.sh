#!/usr/bin/env bash
# Installs the Debian packages Shortcrust builds, tests, fuzzes and benchmarks with.
# Idempotent: checks each package with dpkg-query and runs apt-get (update, then install)
# only for missing ones. Needs root, or passwordless sudo, when something is missing.
set -euo pipefail

PACKAGES=(
  cmake ninja-build g++ clang lld
  libclang-rt-14-dev          # libFuzzer and sanitizer runtimes for clang
  libgtest-dev libgmock-dev libbenchmark-dev
  libasmjit-dev libxxhash-dev libssl-dev
  wabt binaryen git python3
)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "setup: not a Debian-based system; install these (or equivalents) yourself:" >&2
  echo "  ${PACKAGES[*]}" >&2
  exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup: all ${#PACKAGES[@]} packages are installed"
  exit 0
fi

echo "setup: missing packages: ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "setup: need root to install them; run:" >&2
  echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
echo "setup: installed ${missing[*]}"
