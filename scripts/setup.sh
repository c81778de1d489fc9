#!/usr/bin/env bash
# Installs the Debian packages Shortcrust builds, tests, fuzzes and benchmarks with.
# `setup.sh aarch64` adds the AArch64 cross build (scripts/aarch64.sh): the arm64 foreign
# architecture, the cross compiler, qemu-user and the arm64 libraries the build links.
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
# The `aarch64` preset: compiler and emulator for the build machine, the libraries of
# CMakeLists.txt and tests/CMakeLists.txt (and bench/, for a build with benchmarks on)
# for the target. Contracts (clang --target=wasm32) and wabt/binaryen run on the host.
AARCH64_PACKAGES=(
  g++-aarch64-linux-gnu qemu-user
  libasmjit-dev:arm64 libxxhash-dev:arm64 libssl-dev:arm64
  libgtest-dev:arm64 libbenchmark-dev:arm64
)

aarch64=false
case "${1:-}" in
  "") ;;
  aarch64) aarch64=true ;;
  *)
    echo "usage: setup.sh [aarch64]" >&2
    exit 2
    ;;
esac
if $aarch64; then
  PACKAGES+=("${AARCH64_PACKAGES[@]}")
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "setup: not a Debian-based system; install these (or equivalents) yourself:" >&2
  echo "  ${PACKAGES[*]}" >&2
  exit 0
fi

# arm64 packages install only once dpkg knows the architecture (then apt-get update
# must run, which the install below does).
add_arm64=false
if $aarch64 && ! dpkg --print-foreign-architectures | grep -qx arm64; then
  add_arm64=true
fi

# Whether PKG (NAME or NAME:ARCH; no suffix: the machine's own architecture) is installed.
# With arm64 added, dpkg-query answers for every architecture of a name, so each line is
# checked; Architecture: all packages count for any.
native_arch="$(dpkg --print-architecture)"
installed() {
  local name="${1%%:*}" arch="$native_arch" line
  [[ "$1" != *:* ]] || arch="${1#*:}"
  while read -r line; do
    if [[ "$line" == "install ok installed $arch" || "$line" == "install ok installed all" ]]; then
      return 0
    fi
  done < <(dpkg-query -W -f='${Status} ${Architecture}\n' "$name" 2>/dev/null || true)
  return 1
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! installed "$pkg"; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]] && ! $add_arm64; then
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
  if $add_arm64; then
    echo "  sudo dpkg --add-architecture arm64" >&2
  fi
  echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if $add_arm64; then
  echo "setup: adding the arm64 architecture"
  "${as_root[@]}" dpkg --add-architecture arm64
fi
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
echo "setup: installed ${missing[*]}"
